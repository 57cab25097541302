/**
 * The option to make active after a key press in a combobox's list of `count` options, where
 * -1 means none (the text field itself). ArrowDown and ArrowUp move and wrap through "none";
 * Home and End are left to the text field. Returns null for keys the list does not handle.
 */
export function stepOption(count: number, active: number, key: string): number | null {
  if (count <= 0) return key === 'ArrowDown' || key === 'ArrowUp' ? -1 : null;
  switch (key) {
    case 'ArrowDown':
      return active >= count - 1 ? -1 : active + 1;
    case 'ArrowUp':
      return active <= -1 ? count - 1 : active - 1;
    default:
      return null;
  }
}

/**
 * Keyboard movement in a menu of `count` items (the WAI-ARIA menu button pattern): the arrows
 * move and wrap, Home and End jump to the ends. `current` is the focused item, -1 for none.
 * Returns the item to focus, or null for keys the menu leaves alone.
 */
export function stepMenu(count: number, current: number, key: string): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowDown':
      return current < 0 || current >= count - 1 ? 0 : current + 1;
    case 'ArrowUp':
      return current <= 0 ? count - 1 : current - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * The item to focus when a closed menu opens from its button: the last one for ArrowUp, the
 * first for ArrowDown, Enter and Space (and a click). Null for keys that do not open it.
 */
export function openingItem(count: number, key: string): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowUp':
      return count - 1;
    case 'ArrowDown':
    case 'Enter':
    case ' ':
      return 0;
    default:
      return null;
  }
}

/** One entry of an actions menu. */
export interface MenuAction {
  /** Stable within the menu (the list key, and a hook for tests). */
  id: string;
  label: string;
  /** Runs after the menu has closed and focus is back on its button. */
  onselect: () => void;
  /** `danger` for what destroys (shown in red). */
  tone?: 'danger';
}

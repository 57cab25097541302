/**
 * A case-insensitive "starts with" pattern for LIKE against lowercased columns: `%`, `_` and `\`
 * in the text match literally.
 */
export function lowerPrefixPattern(text: string): string {
  return `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

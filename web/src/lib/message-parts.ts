/**
 * Catalog messages carry no markup, yet a sentence may emphasise one of its values ("You were
 * invited as **ada@example.com**."), and where the value sits depends on the language. Translate
 * with `slot` as that value, then split: the words before it, and the words after.
 */
export const slot = '\u{E000}'; // a private-use character: never in a catalog or a translation

export function aroundSlot(message: string): { before: string; after: string } {
  const at = message.indexOf(slot);
  if (at === -1) return { before: message, after: '' };
  return { before: message.slice(0, at), after: message.slice(at + slot.length) };
}

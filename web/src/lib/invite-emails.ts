/** The most addresses one invitation batch takes (the server refuses more). */
export const INVITE_BATCH_MAX = 500;

/**
 * Something shaped like an email address inside pasted text. Deliberately loose (the server
 * checks each address): it finds `ada@example.com` in `"Ada Lovelace" <ada@example.com>`, in a
 * CSV row, or on a line of its own.
 */
const ADDRESS =
  /[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/gi;

/**
 * The addresses in text typed or pasted into the invitation box (one a line, comma- or
 * semicolon-separated, or a whole CSV export with other columns and a header row): lowercased,
 * each once, in the order they first appear.
 */
export function extractEmails(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(ADDRESS)) {
    // A sentence's full stop or a quote can cling to the end of an address.
    const address = match[0].replace(/^[.'`]+|[.'`]+$/g, '').toLowerCase();
    if (address.includes('@') && !address.startsWith('@')) found.add(address);
  }
  return [...found];
}

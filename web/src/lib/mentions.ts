/** An `@handle` being typed: the partial handle and where its `@` is. */
export interface MentionQuery {
  query: string;
  /** Index of the `@` in the text. */
  start: number;
}

/**
 * The mention being typed just before `caret`, if any: an `@` at the start of the text or after
 * a space or punctuation (so e-mail addresses do not count), followed by handle characters.
 */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const match = /(^|[^a-z0-9_@.])@([a-z0-9_]{0,30})$/i.exec(before);
  if (match === null) return null;
  const query = match[2] ?? '';
  return { query: query.toLowerCase(), start: caret - query.length - 1 };
}

/** The text with the mention at `mention` completed to `@handle ` and the caret after it. */
export function completeMention(
  text: string,
  mention: MentionQuery,
  caret: number,
  handle: string,
): { text: string; caret: number } {
  const inserted = `@${handle} `;
  const after = text
    .slice(caret)
    .replace(/^[a-z0-9_]*/i, '')
    .replace(/^ /, '');
  return {
    text: text.slice(0, mention.start) + inserted + after,
    caret: mention.start + inserted.length,
  };
}

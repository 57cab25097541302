import type { Answer, Post } from '@outloud/contracts';

/** Characters of text a live payload carries at most (shared/API.md: list excerpts). */
export const EXCERPT_CHARS = 2_000;

/** A post or answer whose body may be cut to an excerpt (`truncated: true`). */
export type Excerpted<T> = T & { truncated?: boolean };

/** The first `max` characters, never splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/**
 * The text of sanitized HTML (its tags dropped, entities kept), cut to `max` characters and
 * wrapped in one paragraph. Any `<` left over (an unclosed tag) is escaped, so the result holds
 * no markup but the paragraph.
 */
function htmlExcerpt(html: string, max: number): string {
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/\s+/g, ' ')
    .trim();
  return `<p>${cut(text, max).replace(/&[a-zA-Z0-9#]*$/, '')}…</p>`;
}

function excerptBody<T extends { body: string; bodyHtml: string }>(item: T): Excerpted<T> {
  if (item.body.length <= EXCERPT_CHARS && item.bodyHtml.length <= EXCERPT_CHARS * 4) return item;
  return {
    ...item,
    body: cut(item.body, EXCERPT_CHARS),
    bodyHtml: htmlExcerpt(item.bodyHtml, EXCERPT_CHARS),
    truncated: true,
  };
}

/** The post as a live event carries it: its body cut to an excerpt when long. */
export function postExcerpt(post: Post): Excerpted<Post> {
  return excerptBody(post);
}

/** The answer as a live event carries it: its body cut to an excerpt when long. */
export function answerExcerpt(answer: Answer): Excerpted<Answer> {
  return excerptBody(answer);
}

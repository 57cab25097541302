import type { Visibility } from '@outloud/contracts';

/**
 * One document of the `posts` index: a post with its answers' text folded in (`type: 'post'`),
 * or one hidden answer of a post (`type: 'answer'`). A hidden answer's text stays out of its
 * post's document, so that only its author and moderators can find a post by it; its own
 * document repeats the post's fields (every filter applies to it alike) and a hit on it is
 * shown as that post.
 */
export interface PostDocument {
  /** The post's id, or the hidden answer's. */
  id: string;
  type: 'post' | 'answer';
  /** The post a hit on this document shows. */
  postId: string;
  channelId: string;
  visibility: Visibility;
  kind: 'tip' | 'question' | 'announcement';
  title: string;
  /** Plain text of the rendered body (no Markdown or HTML syntax to match or show). */
  body: string;
  /** The accepted answer's text, ranked above the other answers. */
  acceptedAnswer: string;
  answers: string[];
  tags: string[];
  authorId: string;
  authorHandle: string;
  authorDisplayName: string;
  score: number;
  answerCount: number;
  answered: boolean;
  accepted: boolean;
  /** Milliseconds since the epoch, sortable. */
  createdAt: number;
  version: number;
  /** Hidden content (a hidden post, or a hidden answer's own document). */
  hidden: boolean;
  /**
   * Besides moderators, the one person who may still find this document while it is hidden:
   * its author, unless the thread it is in is itself hidden from them. Null when not hidden.
   */
  hiddenViewerId: string | null;
  /** The post was marked no longer true (custom ranking rule `outdated:asc`). */
  outdated: boolean;
  /** The original of a question closed as a duplicate (its title is read when searching). */
  duplicateOf: string | null;
}

/** One person in the `people` index. */
export interface PersonDocument {
  id: string;
  handle: string;
  displayName: string;
  topTags: string[];
}

/** Characters reserved for highlight markers; removed from indexed text so users cannot forge them. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
const RESERVED = /[\uE000\uE001]/g;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  '#x27': "'",
  nbsp: ' ',
};

/** Turns sanitized HTML into plain text for indexing. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/li|\/h\d|\/pre|\/blockquote|\/tr)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name] ?? whole)
    .replace(RESERVED, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

export function stripMarkers(text: string): string {
  return text.replace(RESERVED, '');
}

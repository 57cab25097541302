import type { Visibility } from '@outloud/contracts';

/** One post as stored in the `posts` index, its answers' text folded in. */
export interface PostDocument {
  id: string;
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

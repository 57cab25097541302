import type { Post, Visibility } from '@outloud/contracts';

/** One post as stored in the `posts` index. */
export interface PostDocument {
  id: string;
  channelId: string;
  visibility: Visibility;
  kind: Post['kind'];
  title: string;
  /** Plain text of the rendered body (no Markdown or HTML syntax to match or show). */
  body: string;
  tags: string[];
  authorId: string;
  authorHandle: string;
  authorDisplayName: string;
  score: number;
  answerCount: number;
  accepted: boolean;
  /** Milliseconds since the epoch, sortable. */
  createdAt: number;
  version: number;
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

export function toPostDocument(post: Post, visibility: Visibility, version: number): PostDocument {
  return {
    id: post.id,
    channelId: post.channelId,
    visibility,
    kind: post.kind,
    title: post.title.replace(RESERVED, ''),
    body: htmlToText(post.bodyHtml),
    tags: post.tags,
    authorId: post.author.id,
    authorHandle: post.author.handle,
    authorDisplayName: post.author.displayName,
    score: post.score,
    answerCount: post.answerCount,
    accepted: post.acceptedAnswerId !== null,
    createdAt: Date.parse(post.createdAt),
    version,
  };
}

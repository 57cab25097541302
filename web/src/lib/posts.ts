import type { Post, PostKind } from '@outloud/contracts';
import { translate } from '../i18n';

/** Puts `post` first unless a post with its id is already listed (a live echo of our own post). */
export function prependUnique(items: readonly Post[], post: Post): Post[] {
  return items.some((item) => item.id === post.id) ? [...items] : [post, ...items];
}

/** Appends the posts of a later page, skipping any already listed. */
export function appendUnique(items: readonly Post[], more: readonly Post[]): Post[] {
  const seen = new Set(items.map((item) => item.id));
  return [...items, ...more.filter((post) => !seen.has(post.id))];
}

/**
 * Merges a freshly loaded first page into the list after a reconnect: posts not yet listed go
 * on top, in the page's (newest first) order.
 */
export function mergeNewest(items: readonly Post[], firstPage: readonly Post[]): Post[] {
  const seen = new Set(items.map((item) => item.id));
  return [...firstPage.filter((post) => !seen.has(post.id)), ...items];
}

/** Whether an announcement is pinned at `now` (milliseconds since the epoch). */
export function isPinned(post: Pick<Post, 'pinnedUntil'>, now: number): boolean {
  if (post.pinnedUntil === null) return false;
  const until = Date.parse(post.pinnedUntil);
  return !Number.isNaN(until) && until > now;
}

/**
 * Adds a post that arrived live to a newest-first feed: below the pinned announcements the
 * server puts on top (unless it is pinned itself), and never twice.
 */
export function insertLive(items: readonly Post[], post: Post, now: number): Post[] {
  if (items.some((item) => item.id === post.id)) return [...items];
  if (isPinned(post, now)) return [post, ...items];
  const firstUnpinned = items.findIndex((item) => !isPinned(item, now));
  const at = firstUnpinned === -1 ? items.length : firstUnpinned;
  return [...items.slice(0, at), post, ...items.slice(at)];
}

/**
 * A newer copy of a post (from an edit or a live event). Events carry no `viewer`, so the
 * reader's own vote and bookmark are kept from the copy we have.
 */
export function mergePost(current: Post, incoming: Post): Post {
  return { ...incoming, viewer: incoming.viewer ?? current.viewer };
}

/** Replaces a listed post with a newer copy; posts not listed are ignored. */
export function replacePost(items: readonly Post[], incoming: Post): Post[] {
  return items.map((item) => (item.id === incoming.id ? mergePost(item, incoming) : item));
}

export function removePost(items: readonly Post[], id: string): Post[] {
  return items.filter((item) => item.id !== id);
}

/** Changes one listed post (e.g. its answer count after a live answer); others are untouched. */
export function patchPost(
  items: readonly Post[],
  id: string,
  patch: (post: Post) => Partial<Post>,
): Post[] {
  return items.map((item) => (item.id === id ? { ...item, ...patch(item) } : item));
}

/** Sets the score of the item with `id` (a live `vote:changed`); other items are untouched. */
export function withScore<T extends { id: string; score: number }>(
  items: readonly T[],
  id: string,
  score: number,
): T[] {
  return items.map((item) => (item.id === id && item.score !== score ? { ...item, score } : item));
}

/** How a post's kind is named on screen. */
export function kindLabel(kind: PostKind): string {
  switch (kind) {
    case 'tip':
      return translate('post.kind.tip');
    case 'question':
      return translate('post.kind.question');
    case 'announcement':
      return translate('post.kind.announcement');
    default: {
      const unknown: never = kind;
      return String(unknown);
    }
  }
}

/** "1 answer", "3 comments": replies are answers on questions and comments on everything else. */
export function replyCount(kind: PostKind, count: number): string {
  return translate('post.replyCount', { kind, count });
}

/** "1 helpful", "4 helpful": the score is the number of "helpful" votes. */
export function scoreLabel(score: number): string {
  return translate('post.score', { score });
}

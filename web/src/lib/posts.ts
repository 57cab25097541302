import type { Post } from '@outloud/contracts';

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

/** How a post's kind is named on screen. */
export function kindLabel(kind: Post['kind']): string {
  switch (kind) {
    case 'tip':
      return 'Tip';
    case 'question':
      return 'Question';
    case 'announcement':
      return 'Announcement';
    default: {
      const unknown: never = kind;
      return String(unknown);
    }
  }
}

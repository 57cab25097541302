import type { FeedQuery, FeedSort } from '@outloud/contracts';

/** A feed tab: one of the sort orders, or (on the home page) what the reader follows. */
export type FeedTabId = FeedSort | 'following';

export interface FeedTab {
  id: FeedTabId;
  label: string;
}

export const sortTabs: readonly FeedTab[] = [
  { id: 'new', label: 'New' },
  { id: 'top', label: 'Top' },
  { id: 'unanswered', label: 'Unanswered' },
];

export const homeTabs: readonly FeedTab[] = [{ id: 'following', label: 'Following' }, ...sortTabs];

/** The feed query for a tab, on top of the page's own filter (channel, tag, author). */
export function tabQuery(tab: FeedTabId, filter: FeedQuery): FeedQuery {
  if (tab === 'following') return { following: true, sort: 'new' };
  return { ...filter, sort: tab };
}

/** Only the newest-first feeds take posts that arrive live; the others have their own order. */
export function takesLivePosts(tab: FeedTabId): boolean {
  return tab === 'new';
}

/** The empty-state sentence for a tab. */
export function emptyText(tab: FeedTabId): string {
  switch (tab) {
    case 'new':
    case 'top':
      return 'No posts yet. Be the first: share something you learned this week, or ask the question you have been saving up.';
    case 'unanswered':
      return 'No unanswered questions. Nice work, everyone.';
    case 'following':
      return 'Nothing here yet. Follow channels, tags or people to see their posts here.';
    default: {
      const unknown: never = tab;
      return String(unknown);
    }
  }
}

/** The next tab for arrow-key navigation in a tab list (wrapping around). */
export function stepTab<T>(tabs: readonly T[], current: T, key: string): T | null {
  const index = tabs.indexOf(current);
  if (index === -1 || tabs.length === 0) return null;
  const last = tabs.length - 1;
  const next =
    key === 'ArrowRight'
      ? index === last
        ? 0
        : index + 1
      : key === 'ArrowLeft'
        ? index === 0
          ? last
          : index - 1
        : key === 'Home'
          ? 0
          : key === 'End'
            ? last
            : null;
  return next === null ? null : (tabs[next] ?? null);
}

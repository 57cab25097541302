import type { FeedQuery, FeedSort } from '@outloud/contracts';
import type { MessageKey } from '../i18n';

/**
 * A feed tab: one of the sort orders, or (on the home page) what the reader follows and the
 * open questions in their topics.
 */
export type FeedTabId = FeedSort | 'following' | 'topics';

export interface FeedTab {
  id: FeedTabId;
  /** The tab's name in the message catalogs. */
  label: MessageKey;
}

export const sortTabs: readonly FeedTab[] = [
  { id: 'new', label: 'feed.tabs.new' },
  { id: 'top', label: 'feed.tabs.top' },
  { id: 'unanswered', label: 'feed.tabs.unanswered' },
];

/** The home page: what is new everywhere I can see, what I follow, what I could answer. */
export const homeTabs: readonly FeedTab[] = [
  { id: 'new', label: 'home.tabs.latest' },
  { id: 'following', label: 'home.tabs.following' },
  { id: 'topics', label: 'home.tabs.topics' },
];

/** The feed query for a tab, on top of the page's own filter (channel, tag, author). */
export function tabQuery(tab: FeedTabId, filter: FeedQuery): FeedQuery {
  if (tab === 'following') return { following: true, sort: 'new' };
  if (tab === 'topics') return { topics: 'mine', sort: 'unanswered' };
  return { ...filter, sort: tab };
}

/** Only the newest-first feeds take posts that arrive live; the others have their own order. */
export function takesLivePosts(tab: FeedTabId): boolean {
  return tab === 'new';
}

/** The empty-state sentence for a tab (the home page's Latest speaks of every channel). */
export function emptyText(tab: FeedTabId): MessageKey {
  switch (tab) {
    case 'new':
    case 'top':
      return 'feed.empty.posts';
    case 'unanswered':
      return 'feed.empty.unanswered';
    case 'following':
      return 'feed.empty.following';
    case 'topics':
      return 'home.empty.topics';
    default: {
      const unknown: never = tab;
      return unknown;
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

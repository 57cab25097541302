import type { JoinedChannel, Post } from '@outloud/contracts';
import { translate } from '../i18n';

/** The gateway counts unread posts up to this many (the contract's `UNREAD_COUNT_MAX`; no TypeBox in the bundle). */
export const UNREAD_COUNT_MAX = 100;

/**
 * At most this many joined channels are followed live (their rooms on the one socket): the
 * starred ones, then the most recently active. The rest refresh their counts with the list
 * (on a reconnect, and every few minutes), which keeps a person in hundreds of channels within
 * the gateway's room and subscription limits.
 */
export const LIVE_CHANNELS_MAX = 30;

/** Joined channels in sidebar order: starred first, then by name. */
export function sortJoined(items: readonly JoinedChannel[]): JoinedChannel[] {
  return [...items].sort(
    (a, b) =>
      Number(b.starred) - Number(a.starred) ||
      a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) ||
      a.id.localeCompare(b.id),
  );
}

/** The channels to follow live: starred first, then the latest activity, up to `max`. */
export function liveChannelIds(
  items: readonly JoinedChannel[],
  max: number = LIVE_CHANNELS_MAX,
): string[] {
  const activity = (channel: JoinedChannel) => channel.lastPostAt ?? channel.createdAt;
  return [...items]
    .sort((a, b) => Number(b.starred) - Number(a.starred) || activity(b).localeCompare(activity(a)))
    .slice(0, max)
    .map((channel) => channel.id);
}

/**
 * The list after a post arrived live: a post by someone else in a channel not open now counts
 * as unread (up to the cap); every post moves the channel's last activity.
 */
export function withLivePost(
  items: readonly JoinedChannel[],
  post: Pick<Post, 'channelId' | 'createdAt' | 'author'>,
  context: { viewerId: string | null; openChannelId: string | null },
): JoinedChannel[] {
  return items.map((channel) => {
    if (channel.id !== post.channelId) return channel;
    const unread = post.author.id !== context.viewerId && channel.id !== context.openChannelId;
    return {
      ...channel,
      lastPostAt:
        channel.lastPostAt !== null && channel.lastPostAt > post.createdAt
          ? channel.lastPostAt
          : post.createdAt,
      unreadCount: unread
        ? Math.min(channel.unreadCount + 1, UNREAD_COUNT_MAX)
        : channel.unreadCount,
    };
  });
}

/** The badge text: the count, or "99+" from the cap on. */
export function unreadBadge(count: number): string {
  return count >= UNREAD_COUNT_MAX ? `${UNREAD_COUNT_MAX - 1}+` : String(count);
}

/** What a screen reader hears for the badge: "3 unread posts". */
export function unreadLabel(count: number): string {
  return count >= UNREAD_COUNT_MAX
    ? translate('channels.sidebar.unreadMany', { count: UNREAD_COUNT_MAX - 1 })
    : translate('channels.sidebar.unread', { count });
}

import type { Channel } from '@outloud/contracts';

/** The sidebar's groups: followed channels first, then the rest, each in the list's order. */
export function sidebarGroups(
  channels: readonly Channel[],
  isFollowed: (channelId: string) => boolean,
): { followed: Channel[]; others: Channel[] } {
  return {
    followed: channels.filter((channel) => isFollowed(channel.id)),
    others: channels.filter((channel) => !isFollowed(channel.id)),
  };
}

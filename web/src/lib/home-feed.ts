import type { Channel } from '@outloud/contracts';

/**
 * How many channels the home page follows live. Each is one socket room, and the connection has
 * a budget of rooms and of subscriptions per second (a channel page or a post adds a few more):
 * beyond this, Latest still shows every channel on load and on "load more"; only the live
 * "new posts" bar is limited to these.
 */
export const HOME_LIVE_CHANNELS_MAX = 30;

/** The channels whose new posts reach the home page live: joined ones first, then the rest. */
export function homeLiveChannels(
  channels: readonly Pick<Channel, 'id' | 'isMember'>[],
  max: number = HOME_LIVE_CHANNELS_MAX,
): string[] {
  const joined = channels.filter((channel) => channel.isMember === true);
  const others = channels.filter((channel) => channel.isMember !== true);
  return [...joined, ...others].slice(0, max).map((channel) => channel.id);
}

/** The channels someone may post to from the home page (those they joined), and the default. */
export function composerChannels<C extends Pick<Channel, 'id' | 'slug' | 'isMember'>>(
  channels: readonly C[],
  preferredSlug = 'general',
): { choices: C[]; initial: string | null } {
  const choices = channels.filter((channel) => channel.isMember === true);
  const initial = choices.find((channel) => channel.slug === preferredSlug) ?? choices[0] ?? null;
  return { choices, initial: initial?.id ?? null };
}

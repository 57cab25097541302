import type { Channel, JoinedChannel, Post } from '@outloud/contracts';
import { createContext } from 'svelte';
import { api, errorMessage } from './api';
import { sortChannels, upsertChannel } from './channels';
import { channelsApi } from './channels-api';
import { sortJoined, withLivePost } from './sidebar';

/**
 * The channels of the signed-in person, shared by the sidebar and pages: `items` are all the
 * channels they can see (`GET /channels`, for lookups by id or slug and channel pickers);
 * `joined` are the ones they belong to, with stars and unread counts (`GET /channels/mine`).
 */
export class ChannelsState {
  items = $state<Channel[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);

  joined = $state<JoinedChannel[]>([]);
  joinedLoaded = $state(false);
  joinedError = $state<string | null>(null);
  /** Answers of older joined-list loads that arrive late are dropped. */
  #joinedRequest = 0;

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const { items } = await api.channels();
      this.items = sortChannels(items);
      this.loaded = true;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
    await this.loadJoined();
  }

  /** Reloads the joined channels and their unread counts. */
  async loadJoined(): Promise<void> {
    const request = ++this.#joinedRequest;
    try {
      const { items } = await channelsApi.joined();
      if (request !== this.#joinedRequest) return;
      this.joined = sortJoined(items);
      this.joinedLoaded = true;
      this.joinedError = null;
    } catch (error) {
      if (request === this.#joinedRequest) this.joinedError = errorMessage(error);
    }
  }

  /** A channel was created, edited, joined or left: show its newest copy. */
  upsert(channel: Channel): void {
    const before = this.items.find((item) => item.id === channel.id);
    this.items = upsertChannel(this.items, channel);
    const wasJoined = this.joined.some((item) => item.id === channel.id);
    if (this.joinedLoaded && channel.isMember !== undefined && channel.isMember !== wasJoined) {
      void this.loadJoined();
    } else if (wasJoined && before !== undefined) {
      // Renamed or made private: the sidebar shows the new name at once.
      this.joined = sortJoined(
        this.joined.map((item) =>
          item.id === channel.id
            ? {
                ...item,
                name: channel.name,
                description: channel.description,
                visibility: channel.visibility,
                memberCount: channel.memberCount,
              }
            : item,
        ),
      );
    }
  }

  bySlug(slug: string): Channel | undefined {
    return this.items.find((channel) => channel.slug === slug);
  }

  isJoined(channelId: string): boolean {
    return this.joined.some((channel) => channel.id === channelId);
  }

  /** A post arrived live (see `withLivePost`). */
  livePost(post: Post, context: { viewerId: string | null; openChannelId: string | null }): void {
    this.joined = withLivePost(this.joined, post, context);
  }

  /** Marks a joined channel read, here at once and then on the server. */
  async markRead(channelId: string): Promise<void> {
    if (!this.isJoined(channelId)) return;
    this.joined = this.joined.map((item) =>
      item.id === channelId ? { ...item, unreadCount: 0 } : item,
    );
    await channelsApi.markRead(channelId);
  }

  /** Stars or unstars a joined channel; it moves at once, and back if the server refuses. */
  async setStarred(channelId: string, starred: boolean): Promise<void> {
    const flip = (on: boolean) =>
      (this.joined = sortJoined(
        this.joined.map((item) => (item.id === channelId ? { ...item, starred: on } : item)),
      ));
    flip(starred);
    try {
      await channelsApi.star(channelId, starred);
    } catch (error) {
      flip(!starred);
      throw error;
    }
  }

  reset(): void {
    this.items = [];
    this.loaded = false;
    this.error = null;
    this.joined = [];
    this.joinedLoaded = false;
    this.joinedError = null;
    this.#joinedRequest++;
  }
}

const [getChannels, setChannels] = createContext<ChannelsState>();

export { getChannels, setChannels };

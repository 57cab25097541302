import type { Channel } from '@outloud/contracts';
import { createContext } from 'svelte';
import { api, errorMessage } from './api';
import { sortChannels, upsertChannel } from './channels';

/** The channels the signed-in person can see (`GET /channels`), shared by the sidebar and pages. */
export class ChannelsState {
  items = $state<Channel[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);

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
  }

  /** A channel was created, edited, joined or left: show its newest copy. */
  upsert(channel: Channel): void {
    this.items = upsertChannel(this.items, channel);
  }

  bySlug(slug: string): Channel | undefined {
    return this.items.find((channel) => channel.slug === slug);
  }

  reset(): void {
    this.items = [];
    this.loaded = false;
    this.error = null;
  }
}

const [getChannels, setChannels] = createContext<ChannelsState>();

export { getChannels, setChannels };

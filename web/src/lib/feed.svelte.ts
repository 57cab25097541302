import type { Post } from '@outloud/contracts';
import { api, errorMessage } from './api';
import { appendUnique, mergeNewest, prependUnique } from './posts';

/** One channel's feed, newest first: the first page, "load more" pages and live additions. */
export class FeedState {
  items = $state<Post[]>([]);
  nextCursor = $state<string | null>(null);
  /** True once the first page has arrived. */
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);

  readonly #channelId: string;

  constructor(channelId: string) {
    this.#channelId = channelId;
  }

  async loadFirst(): Promise<void> {
    await this.#load(async () => {
      const page = await api.feed({ channelId: this.#channelId });
      this.items = mergeNewest(this.items, page.items);
      this.nextCursor = page.nextCursor;
      this.loaded = true;
    });
  }

  async loadMore(): Promise<void> {
    const cursor = this.nextCursor;
    if (cursor === null) return;
    await this.#load(async () => {
      const page = await api.feed({ channelId: this.#channelId, cursor });
      this.items = appendUnique(this.items, page.items);
      this.nextCursor = page.nextCursor;
    });
  }

  /** After a reconnect: fetch the newest page again and add what was missed meanwhile. */
  async catchUp(): Promise<void> {
    try {
      const page = await api.feed({ channelId: this.#channelId });
      this.items = mergeNewest(this.items, page.items);
    } catch {
      // Live delivery is best effort; the next reload or "Load more" shows the truth.
    }
  }

  add(post: Post): void {
    this.items = prependUnique(this.items, post);
  }

  async #load(work: () => Promise<void>): Promise<void> {
    if (this.loading) return;
    this.loading = true;
    this.error = null;
    try {
      await work();
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }
}

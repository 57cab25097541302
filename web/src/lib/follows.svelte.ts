import type { FollowTargetType } from '@outloud/contracts';
import { createContext } from 'svelte';
import { SvelteSet } from 'svelte/reactivity';
import { api, errorMessage } from './api';
import { followKey } from './follows';

/** What the signed-in person follows (`GET /follows`), shared by every Follow button. */
export class FollowsState {
  readonly #keys = new SvelteSet<string>();
  loaded = $state(false);
  error = $state<string | null>(null);

  async load(): Promise<void> {
    this.error = null;
    try {
      const { items } = await api.follows();
      this.#keys.clear();
      for (const item of items) this.#keys.add(followKey(item.targetType, item.target));
      this.loaded = true;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  has(targetType: FollowTargetType, target: string): boolean {
    return this.#keys.has(followKey(targetType, target));
  }

  /** Follows or unfollows; throws the API error for the caller to show next to its button. */
  async set(targetType: FollowTargetType, target: string, following: boolean): Promise<void> {
    const body = { targetType, target };
    if (following) await api.follow(body);
    else await api.unfollow(body);
    const key = followKey(targetType, target);
    if (following) this.#keys.add(key);
    else this.#keys.delete(key);
  }

  reset(): void {
    this.#keys.clear();
    this.loaded = false;
    this.error = null;
  }
}

const [getFollows, setFollows] = createContext<FollowsState>();

export { getFollows, setFollows };

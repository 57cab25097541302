import type { Actor } from '@outloud/contracts';
import type { ServiceClients } from './clients.js';

/**
 * The channels each person may see, as the feed service says, kept for a few seconds: a search
 * box asks on every keystroke. Any membership or channel change anywhere (each arrives as a feed
 * event within milliseconds) empties the whole cache, and an answer fetched while such a change
 * happened is not kept, so a revoked membership is never served from here.
 */
export interface VisibleChannels {
  of(actor: Actor): Promise<string[]>;
  /** Forgets everything (call on any membership or channel change). */
  invalidate(): void;
}

export function createVisibleChannels(
  services: ServiceClients,
  options: { ttlMs?: number; maxEntries?: number } = {},
): VisibleChannels {
  const ttl = options.ttlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { channelIds: string[]; until: number }>();
  let generation = 0;
  return {
    async of(actor) {
      const hit = cache.get(actor.id);
      if (hit && hit.until > Date.now()) return hit.channelIds;
      const started = generation;
      const { channelIds } = await services.feed.call('accessibleChannels', { actor });
      if (started === generation) {
        if (cache.size >= maxEntries) cache.clear();
        cache.set(actor.id, { channelIds, until: Date.now() + ttl });
      }
      return channelIds;
    },
    invalidate() {
      generation++;
      cache.clear();
    },
  };
}

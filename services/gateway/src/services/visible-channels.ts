import type { Actor } from '@outloud/contracts';
import type { ServiceClients } from './clients.js';
import { InFlight, TtlCache } from './ttl-cache.js';

/**
 * The channels each person may see, as the feed service says, kept for a few seconds: a search
 * box asks on every keystroke, and every socket subscription asks too. Any membership or channel
 * change anywhere (each arrives as a feed event within milliseconds) empties the whole cache, and
 * an answer fetched while such a change happened is not kept, so a revoked membership is never
 * served from here. Simultaneous questions for one person share one request to the feed.
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
  const cache = new TtlCache<string, string[]>({
    ttlMs: options.ttlMs ?? 5_000,
    maxEntries: options.maxEntries ?? 10_000,
  });
  const inFlight = new InFlight<string, string[]>();
  let generation = 0;
  return {
    async of(actor) {
      const hit = cache.get(actor.id);
      if (hit) return hit;
      return inFlight.run(actor.id, async () => {
        const started = generation;
        const { channelIds } = await services.feed.call('accessibleChannels', { actor });
        if (started === generation) cache.set(actor.id, channelIds);
        return channelIds;
      });
    },
    invalidate() {
      generation++;
      cache.clear();
      inFlight.clear();
    },
  };
}

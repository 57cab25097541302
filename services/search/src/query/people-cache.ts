import { watchInvalidations, type NatsConnection } from '@outloud/bus';
import type { AuthorRef } from '@outloud/contracts';

export interface PeopleCache {
  /**
   * The people behind `ids`: those kept in memory, the rest from `load` (one call for all of
   * them), kept unless a change to anyone arrived while it was loading.
   */
  get(
    ids: readonly string[],
    load: (missing: string[]) => Promise<Map<string, AuthorRef>>,
  ): Promise<Map<string, AuthorRef>>;
  /** Forgets a person whose change this instance has just applied. */
  forget(personId: string): void;
  stop(): void;
}

export interface PeopleCacheOptions {
  /**
   * Identity events, heard on core NATS by every instance (the durable consumer gives each event
   * to one instance only). Without it, only changes applied here are forgotten.
   */
  bus?: { nc: NatsConnection; subject: string } | undefined;
  now?: () => number;
  /** A safety net for a change never heard of: nothing is kept longer. */
  ttlMs?: number;
  /**
   * After hearing of a change, how long a person is read from the projection without being
   * kept: the instance that applies the change may not have committed it yet.
   */
  settleMs?: number;
  maxEntries?: number;
  onError?: (err: unknown) => void;
}

/**
 * Names and pictures of the authors of search hits, kept in memory so that a search costs no
 * database query for them. A change of name or picture reaches every instance as an identity
 * event; the person is forgotten at once and not kept again until the change has surely been
 * applied. While NATS is disconnected events may be missed, so everything is forgotten.
 */
export function createPeopleCache(options: PeopleCacheOptions = {}): PeopleCache {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 10_000;
  const settleMs = options.settleMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { person: AuthorRef; until: number }>();
  /** People with a change heard of, until when they are not kept. */
  const unsettled = new Map<string, number>();
  let generation = 0;

  const forgetAll = () => {
    generation++;
    entries.clear();
  };
  const heard = (personId: string) => {
    generation++;
    entries.delete(personId);
    unsettled.set(personId, now() + settleMs);
  };

  const bus = options.bus;
  const watch =
    bus &&
    watchInvalidations(bus.nc, bus.subject, {
      message: (event) => {
        const id = (event as { data?: { id?: unknown } } | undefined)?.data?.id;
        // An event we cannot read might have named anyone.
        if (typeof id === 'string') heard(id);
        else forgetAll();
      },
      lost: forgetAll,
      onError: options.onError,
    });

  const keepable = (personId: string, at: number): boolean => {
    const until = unsettled.get(personId);
    if (until === undefined) return true;
    if (until > at) return false;
    unsettled.delete(personId);
    return true;
  };

  return {
    async get(ids, load) {
      const at = now();
      const found = new Map<string, AuthorRef>();
      const missing: string[] = [];
      for (const id of new Set(ids)) {
        const entry = entries.get(id);
        if (entry && entry.until > at) found.set(id, entry.person);
        else missing.push(id);
      }
      if (!missing.length) return found;
      const started = generation;
      const loaded = await load(missing);
      const keep = (watch?.connected ?? true) && started === generation;
      for (const [id, person] of loaded) {
        found.set(id, person);
        if (!keep || !keepable(id, at)) continue;
        if (entries.size >= maxEntries) {
          const oldest = entries.keys().next();
          if (!oldest.done) entries.delete(oldest.value);
        }
        entries.set(id, { person, until: at + ttlMs });
      }
      return found;
    },

    forget(personId) {
      generation++;
      entries.delete(personId);
    },

    stop() {
      watch?.stop();
      forgetAll();
    },
  };
}

import { encodeJson, watchInvalidations, type NatsConnection } from '@outloud/bus';
import type { Names } from '@outloud/contracts';

/** What a change makes stale: one session, one API token (by id), or everything of one person. */
export type CredentialChange = { session: string } | { token: string } | { user: string };

/** A resolved credential as kept: whose it is, until when it holds, and when it was last used. */
export interface CachedCredential<T> {
  value: T;
  userId: string;
  /** The session or API token id, as changes name them. */
  credentialId: string;
  /** When the session or token runs out (null: never). */
  expiresAt: Date | null;
  /** When its use was last written to the database (null: never). */
  lastSeenAt: Date | null;
}

export interface AuthCache<T> {
  /**
   * The credential kept under `key` while it is valid, or `load`'s answer, kept unless a change
   * arrived while it was loading (it may predate the change). Null answers are not kept.
   */
  resolve(
    key: string,
    load: () => Promise<CachedCredential<T> | null | undefined>,
  ): Promise<CachedCredential<T> | null>;
  /**
   * Forgets what `change` makes stale here and, through NATS, on every other gateway. Call it after
   * the change has committed; it resolves once the NATS server has the message, so the other
   * gateways hear of it before the caller answers.
   */
  changed(change: CredentialChange): Promise<void>;
  stop(): void;
}

export interface AuthCacheOptions {
  clock: () => Date;
  /** Without a bus (one gateway alone, identity-only tests) changes apply to this cache only. */
  bus?: { nc: NatsConnection; names: Pick<Names, 'subject'> } | undefined;
  /** A safety net for a change that was never announced: nothing is kept longer. */
  ttlMs?: number;
  maxEntries?: number;
  onError?: (err: unknown) => void;
}

interface Entry<T> {
  credential: CachedCredential<T>;
  until: number;
}

const FLUSH_TIMEOUT_MS = 1_000;

/** The subject on which gateways tell each other that credentials changed (core NATS, no stream). */
export function credentialChangesSubject(names: Pick<Names, 'subject'>): string {
  return names.subject('identity.credentials.changed');
}

function isChange(value: unknown): value is CredentialChange {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  const key = keys[0];
  return (
    keys.length === 1 &&
    (key === 'session' || key === 'token' || key === 'user') &&
    typeof (value as Record<string, unknown>)[key] === 'string'
  );
}

/**
 * Who is behind a session cookie or API token, kept in memory so that a request costs no database
 * query. Every change that ends or alters a credential (sign-out, revoked session or token,
 * password change, roles, status, profile) is announced on NATS and empties the matching entries on
 * every gateway; an answer loaded while any change arrived is not kept. While NATS is disconnected
 * announcements may be lost, so nothing is kept then, and everything is forgotten on reconnect.
 * Entries are bounded in number (least recently used go first) and in age.
 */
export function createAuthCache<T>(options: AuthCacheOptions): AuthCache<T> {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry<T>>();
  let generation = 0;
  const bus = options.bus;
  const subject = bus && credentialChangesSubject(bus.names);

  const forget = (change: CredentialChange): void => {
    generation++;
    if ('session' in change) {
      entries.delete(`session:${change.session}`);
      return;
    }
    const [field, id] =
      'token' in change
        ? (['credentialId', change.token] as const)
        : (['userId', change.user] as const);
    for (const [key, entry] of entries) {
      if (entry.credential[field] === id) entries.delete(key);
    }
  };
  const forgetAll = (): void => {
    generation++;
    entries.clear();
  };

  const watch =
    bus &&
    watchInvalidations(bus.nc, subject!, {
      // A message we cannot read might have named anyone.
      message: (change) => (isChange(change) ? forget(change) : forgetAll()),
      lost: forgetAll,
      onError: options.onError,
    });
  const connected = (): boolean => watch?.connected ?? true;

  const fresh = (entry: Entry<T>, now: Date): boolean =>
    entry.until > now.getTime() &&
    (entry.credential.expiresAt === null || entry.credential.expiresAt > now);

  return {
    async resolve(key, load) {
      const now = options.clock();
      const entry = entries.get(key);
      if (entry) {
        entries.delete(key);
        if (connected() && fresh(entry, now)) {
          entries.set(key, entry); // most recently used last
          return entry.credential;
        }
      }
      const started = generation;
      const loaded = await load();
      if (loaded && connected() && started === generation) {
        if (entries.size >= maxEntries) {
          const oldest = entries.keys().next();
          if (!oldest.done) entries.delete(oldest.value);
        }
        entries.set(key, { credential: loaded, until: options.clock().getTime() + ttlMs });
      }
      return loaded ?? null;
    },

    async changed(change) {
      forget(change);
      if (!bus || bus.nc.isClosed()) return;
      try {
        bus.nc.publish(subject!, encodeJson(change));
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          bus.nc.flush(),
          new Promise((resolve) => (timer = setTimeout(resolve, FLUSH_TIMEOUT_MS))),
        ]).finally(() => clearTimeout(timer));
      } catch (err) {
        // The change is committed; other gateways still stop trusting it within the TTL.
        options.onError?.(err);
      }
    },

    stop() {
      watch?.stop();
      forgetAll();
    },
  };
}

import { sql, type Kysely } from 'kysely';
import type { FeedDB } from '../db.js';
import { touchChannelActivity } from './channel-reads.repository.js';

/**
 * Moves the channel's latest activity to `at` inside a post's transaction, unless another
 * transaction holds the channel row (many posts at once in one channel). Waiting for it would
 * line up every post of the channel behind one commit at a time, each with its own disk flush.
 * Returns false when skipped: the caller then calls `touchChannelActivityAfter` once committed.
 * `for no key update` leaves alone the key-share locks that inserting posts take on the channel.
 */
export async function touchChannelActivityUnlessBusy(
  db: Kysely<FeedDB>,
  channelId: string,
  at: Date,
): Promise<boolean> {
  const result = await sql`update feed.channels set last_post_at = greatest(last_post_at, ${at})
    where id = (select id from feed.channels where id = ${channelId} for no key update skip locked)`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0) > 0;
}

interface Round {
  /** The update running now, if any. */
  running?: Promise<void>;
  /** The next update, which every caller arriving while one runs joins. */
  waiting?: Promise<void>;
  latest?: Date;
}

const rounds = new WeakMap<Kysely<FeedDB>, Map<string, Round>>();

/**
 * Moves the channel's latest activity to `at` after the post committed, for the posts whose own
 * transaction found the row busy. Callers for one channel share one update at a time (it takes
 * the latest of their times), so a burst of posts costs a few updates, not one each.
 */
export function touchChannelActivityAfter(
  db: Kysely<FeedDB>,
  channelId: string,
  at: Date,
): Promise<void> {
  let channels = rounds.get(db);
  if (!channels) rounds.set(db, (channels = new Map<string, Round>()));
  let round = channels.get(channelId);
  if (!round) channels.set(channelId, (round = {}));
  const current = round;
  if (!current.latest || at > current.latest) current.latest = at;
  if (current.waiting) return current.waiting;
  const next: Promise<void> = (current.running ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => {
      const latest = current.latest!;
      current.latest = undefined;
      current.running = next;
      current.waiting = undefined;
      return touchChannelActivity(db, channelId, latest);
    });
  current.waiting = next;
  void next
    .catch(() => undefined)
    .finally(() => {
      if (current.running === next && !current.waiting) channels.delete(channelId);
    });
  return next;
}

import type { Actor, Names } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { LearnDB } from '../db.js';
import { emit } from '../events.js';
import { checkedDays, isParticipant } from './challenges.repository.js';
import { dayAt, type ChallengeClock } from './calendar.js';
import { checkInWindow, summarizeStreak } from './streaks.js';

export interface CheckInAttempt {
  challenge: ChallengeClock & { id: string; channelId: string };
  userId: string;
  day: number;
  answerId: string;
  /** When the answer was written. */
  at: Date;
}

export type CheckInOutcome =
  'recorded' | 'duplicate' | 'not_participant' | 'not_started' | 'closed';

/**
 * Records a participant's answer to a day's prompt as that day's check-in when it falls in the
 * day's window. The first answer of a day counts; later ones change nothing.
 */
export async function recordCheckIn(
  trx: Kysely<LearnDB>,
  names: Names,
  attempt: CheckInAttempt,
  now: Date,
  actor: Actor | null,
): Promise<CheckInOutcome> {
  const { challenge, userId, day } = attempt;
  if (!(await isParticipant(trx, challenge.id, userId))) return 'not_participant';
  const window = checkInWindow(day, dayAt(challenge, attempt.at), challenge.days);
  if (window !== 'open') return window;
  const inserted = await trx
    .insertInto('learn.checkins')
    .values({
      challengeId: challenge.id,
      userId,
      day,
      answerId: attempt.answerId,
      checkedInAt: attempt.at,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (!inserted.numInsertedOrUpdatedRows) return 'duplicate';
  const days = await checkedDays(trx, challenge.id, userId);
  const { currentStreak } = summarizeStreak(days, dayAt(challenge, now), challenge.days);
  await emit(
    trx,
    names,
    'learning.challenge.checked_in.v1',
    { challengeId: challenge.id, channelId: challenge.channelId, userId, day, currentStreak },
    actor,
    now,
  );
  return 'recorded';
}

/** A deleted answer no longer counts as a check-in. */
export async function withdrawCheckIn(trx: Kysely<LearnDB>, answerId: string): Promise<void> {
  await trx.deleteFrom('learn.checkins').where('answerId', '=', answerId).execute();
}

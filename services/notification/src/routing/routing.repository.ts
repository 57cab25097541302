import { sql, type Kysely, type Transaction } from 'kysely';
import type { ExpertRequestKind, NotifyDB } from '../db.js';
import { whoCanSee } from '../fanout/fanout.js';
import { mutedTypes } from '../preferences/preferences.repository.js';
import { inactivePeople } from '../projection/people-status.js';
import { isAnyOf } from '../sql.js';
import type { CandidateFacts, RoutingSettings } from './routing-rules.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Questions older than this are not looked at any more: longer than the longest channel delay
 * (a week) and the escalation delay, so the sweeps' index ranges stay bounded.
 */
const LOOKBACK_DAYS = 14;

/** A waiting question, as the sweeps need it (its routing row locked by the caller's transaction). */
export interface WaitingQuestion {
  postId: string;
  title: string;
  kind: 'tip' | 'question' | 'announcement';
  tags: string[];
  channelId: string;
  ownerId: string | null;
  askerId: string;
  askerHandle: string | null;
  askerDisplayName: string | null;
}

export type Sweep = 'route' | 'escalate';

/**
 * Claims up to `limit` questions due for a sweep, locking their routing rows (`skip locked`: a
 * concurrent sweep takes others, and never the same question). Due for routing: asked at least
 * the channel's delay ago, not yet routed. Due for escalation: routed, not yet escalated, asked at
 * least the escalation delay ago. Both: still unanswered, not hidden, deleted, locked or closed as
 * a duplicate, in a channel that did not turn routing off.
 */
export async function claimDue(
  trx: Transaction<NotifyDB>,
  sweep: Sweep,
  options: { now: Date; limit: number; settings: RoutingSettings },
): Promise<WaitingQuestion[]> {
  const { now, settings } = options;
  const oldest = new Date(now.getTime() - LOOKBACK_DAYS * DAY_MS);
  let query = trx
    .selectFrom('notify.routings as r')
    .innerJoin('notify.posts as p', 'p.id', 'r.postId')
    .innerJoin('notify.channels as c', 'c.id', 'p.channelId')
    .select([
      'r.postId',
      'p.title',
      'p.kind',
      'p.tags',
      'p.channelId',
      'c.ownerId',
      'r.askerId',
      'r.askerHandle',
      'r.askerDisplayName',
    ])
    .where('r.firstAnswerAt', 'is', null)
    .where('r.askedAt', '>', oldest)
    .where('c.routingOff', '=', false)
    .where('p.answerCount', '=', 0)
    .where('p.deleted', '=', false)
    .where('p.hidden', '=', false)
    .where('p.locked', '=', false)
    .where('p.duplicateOf', 'is', null);
  if (sweep === 'route') {
    query = query
      .where('r.routedAt', 'is', null)
      .where(
        sql<boolean>`r.asked_at + make_interval(mins => coalesce(c.routing_delay_minutes, ${settings.defaultDelayMinutes}::int)) <= ${now}`,
      );
  } else {
    const escalateBefore = new Date(now.getTime() - settings.escalateAfterHours * 60 * 60 * 1000);
    query = query
      .where('r.escalatedAt', 'is', null)
      .where('r.routedAt', 'is not', null)
      .where('r.askedAt', '<=', escalateBefore);
  }
  return query.orderBy('r.askedAt').limit(options.limit).forUpdate('r').skipLocked().execute();
}

/**
 * Serialises choosing people across concurrent sweeps until the caller's transaction ends, so two
 * questions routed at once cannot both take a person's last request of the day.
 */
export async function lockRequestCounts(trx: Transaction<NotifyDB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('notify.expert_requests'))`.execute(trx);
}

/** Everything the rule needs to know about these people and this question, in a few queries. */
export async function candidateFacts(
  trx: Kysely<NotifyDB>,
  question: Pick<WaitingQuestion, 'postId' | 'channelId' | 'askerId'>,
  userIds: readonly string[],
  now: Date,
): Promise<CandidateFacts> {
  const ids = [...new Set(userIds)];
  const empty = ids.length === 0;
  const since = new Date(now.getTime() - DAY_MS);
  const [viewers, inactive, muted, today, asked] = await Promise.all([
    empty ? new Set<string>() : whoCanSee(trx, question.channelId, ids),
    inactivePeople(trx, ids),
    mutedTypes(trx, ids),
    empty
      ? []
      : trx
          .selectFrom('notify.expertRequests')
          .select(['userId', (eb) => eb.fn.countAll<string>().as('requests')])
          .where(isAnyOf('userId', ids))
          .where('kind', '=', 'expert')
          .where('requestedAt', '>', since)
          .groupBy('userId')
          .execute(),
    empty
      ? []
      : trx
          .selectFrom('notify.expertRequests')
          .select('userId')
          .where('postId', '=', question.postId)
          .where(isAnyOf('userId', ids))
          .execute(),
  ]);
  return {
    askerId: question.askerId,
    viewers,
    inactive,
    optedOut: new Set(
      [...muted].filter(([, types]) => types.has('expert_request')).map(([id]) => id),
    ),
    requestsToday: new Map(today.map((r) => [r.userId, Number(r.requests)])),
    alreadyAsked: new Set(asked.map((r) => r.userId)),
  };
}

/** Records who was asked; returns the ones new (a row that exists was asked before). */
export async function recordRequests(
  trx: Kysely<NotifyDB>,
  postId: string,
  kind: ExpertRequestKind,
  userIds: readonly string[],
  now: Date,
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await trx
    .insertInto('notify.expertRequests')
    .values(userIds.map((userId) => ({ postId, userId, kind, requestedAt: now })))
    .onConflict((oc) => oc.doNothing())
    .returning('userId')
    .execute();
  return rows.map((r) => r.userId);
}

export async function markRouted(
  trx: Kysely<NotifyDB>,
  postId: string,
  requests: number,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('notify.routings')
    .set({ routedAt: now, requests })
    .where('postId', '=', postId)
    .execute();
}

export async function markEscalated(
  trx: Kysely<NotifyDB>,
  postId: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('notify.routings')
    .set({ escalatedAt: now })
    .where('postId', '=', postId)
    .execute();
}

/**
 * The public channels (expertise anywhere public counts), at most `limit`; the question's own
 * channel is added by the caller.
 */
export async function publicChannelIds(db: Kysely<NotifyDB>, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('notify.channels')
    .select('id')
    .where('visibility', '=', 'public')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

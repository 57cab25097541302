import type { RpcClient } from '@outloud/bus';
import type { AuthorRef, IdentityRpc, SearchRpc } from '@outloud/contracts';
import type { Kysely, Transaction } from 'kysely';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { ExpertRequestKind, NotifyDB } from '../db.js';
import { toDelivered, type Delivered } from '../fanout/fanout.js';
import {
  insertNotifications,
  type NewNotification,
} from '../notifications/notifications.repository.js';
import { NOTIFICATION_KEYS } from '../notifications/notification-keys.js';
import {
  candidateFacts,
  claimDue,
  lockRequestCounts,
  markEscalated,
  markRouted,
  publicChannelIds,
  recordRequests,
  type Sweep,
  type WaitingQuestion,
} from './routing.repository.js';
import {
  CANDIDATES_ASKED,
  chooseEscalation,
  chooseExperts,
  topicOf,
  type RoutingSettings,
} from './routing-rules.js';

/** Questions claimed per transaction. */
const BATCH = 20;
/** Search takes at most this many channel ids; the question's own is one of them. */
const MAX_CHANNELS = 5_000;
/** L&D people asked for at once (identity's limit). */
const MAX_LD = 200;

export interface RoutingDeps {
  db: Kysely<NotifyDB>;
  search: RpcClient<typeof SearchRpc>;
  identity: RpcClient<typeof IdentityRpc>;
  settings: RoutingSettings;
  /** Hands the stored notifications to live delivery (after each batch commits). */
  deliver(delivered: readonly Delivered[]): Promise<void>;
}

export interface RoutingRun {
  /** Questions routed (including those for which nobody could be asked). */
  routed: number;
  /** Experts asked in all. */
  requests: number;
  escalated: number;
}

/**
 * The sweep: routes every question due at `now` to likely experts, then escalates every routed
 * one still unanswered after the escalation delay. Works in batches, each in one transaction that
 * holds its questions' routing rows, so concurrent sweeps (other instances, a timer and a test)
 * share the work and never handle a question twice. A failing call to search or identity ends
 * the run; the questions stay due for the next.
 */
export async function routeDueQuestions(deps: RoutingDeps, now: Date): Promise<RoutingRun> {
  const run: RoutingRun = { routed: 0, requests: 0, escalated: 0 };
  const context = sweepContext(deps);
  for (const sweep of ['route', 'escalate'] as const) {
    for (;;) {
      const { handled, delivered } = await deps.db
        .transaction()
        .execute((trx) => sweepBatch(deps, context, trx, sweep, now, run));
      await deps.deliver(delivered);
      if (handled < BATCH) break;
    }
  }
  return run;
}

/** Read once per run, and only when needed. */
function sweepContext(deps: RoutingDeps) {
  let channels: Promise<string[]> | undefined;
  let ld: Promise<string[]> | undefined;
  return {
    publicChannels: () => (channels ??= publicChannelIds(deps.db, MAX_CHANNELS - 1)),
    ldPeople: () =>
      (ld ??= deps.identity
        .call('usersWithRole', { role: 'ld', limit: MAX_LD })
        .then(({ users }) => users.map((u) => u.id))),
  };
}

async function sweepBatch(
  deps: RoutingDeps,
  context: ReturnType<typeof sweepContext>,
  trx: Transaction<NotifyDB>,
  sweep: Sweep,
  now: Date,
  run: RoutingRun,
): Promise<{ handled: number; delivered: Delivered[] }> {
  const questions = await claimDue(trx, sweep, { now, limit: BATCH, settings: deps.settings });
  const delivered: Delivered[] = [];
  if (questions.length === 0) return { handled: 0, delivered };
  if (sweep === 'route') {
    // Search first (one question at a time: a background sweep must not crowd out people's
    // searches), so that the lock below is held only for a few queries.
    const rankings: string[][] = [];
    for (const question of questions) rankings.push(await rankedPeople(deps, context, question));
    // Counted and written under one lock, so the daily cap holds across concurrent sweeps.
    await lockRequestCounts(trx);
    for (const [i, question] of questions.entries()) {
      const ranked = rankings[i] ?? [];
      const facts = await candidateFacts(trx, question, ranked, now);
      const asked = await ask(
        trx,
        question,
        'expert',
        chooseExperts(ranked, facts, deps.settings),
        now,
      );
      await markRouted(trx, question.postId, asked.length, now);
      delivered.push(...asked);
      run.routed++;
      run.requests += asked.length;
    }
  } else {
    const ldIds = await context.ldPeople();
    for (const question of questions) {
      const everyone = [...(question.ownerId ? [question.ownerId] : []), ...ldIds];
      const facts = await candidateFacts(trx, question, everyone, now);
      const people = chooseEscalation(question.ownerId, ldIds, facts);
      delivered.push(...(await ask(trx, question, 'escalation', people, now)));
      await markEscalated(trx, question.postId, now);
      run.escalated++;
    }
  }
  return { handled: questions.length, delivered };
}

/** People search ranks for the question, best first, by evidence anywhere public or in its channel. */
async function rankedPeople(
  deps: RoutingDeps,
  context: ReturnType<typeof sweepContext>,
  question: WaitingQuestion,
): Promise<string[]> {
  const channelIds = [...new Set([...(await context.publicChannels()), question.channelId])];
  const { items } = await deps.search.call('routingCandidates', {
    topic: topicOf(question),
    tags: question.tags.slice(0, 10),
    channelIds,
    limit: CANDIDATES_ASKED,
  });
  return items.map((item) => item.userId);
}

/**
 * Records the requests and stores one `expert_request` notification each, keyed by the question
 * and the kind of request, so nobody hears of the same question twice for the same reason.
 */
async function ask(
  trx: Transaction<NotifyDB>,
  question: WaitingQuestion,
  kind: ExpertRequestKind,
  userIds: readonly string[],
  now: Date,
): Promise<Delivered[]> {
  const fresh = await recordRequests(trx, question.postId, kind, userIds, now);
  if (fresh.length === 0) return [];
  const asker: AuthorRef | null =
    question.askerHandle !== null
      ? {
          id: question.askerId,
          handle: question.askerHandle,
          displayName: question.askerDisplayName ?? question.askerHandle,
        }
      : null;
  const eventKey = uuidv5(`expert_request:${kind}:${question.postId}`, NOTIFICATION_KEYS);
  const rows: NewNotification[] = fresh.map((recipientId) => ({
    id: uuidv7({ msecs: now.getTime() }),
    recipientId,
    type: 'expert_request',
    postId: question.postId,
    answerId: null,
    actorId: asker?.id ?? null,
    actorHandle: asker?.handle ?? null,
    actorDisplayName: asker?.displayName ?? null,
    eventId: eventKey,
    createdAt: now,
    detail: { action: kind },
  }));
  const inserted = await insertNotifications(trx, rows);
  const post = {
    id: question.postId,
    title: question.title,
    kind: question.kind,
    channelId: question.channelId,
  };
  return inserted.map((row) => toDelivered(row, { actor: asker, post }));
}

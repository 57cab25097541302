import { oncePerEvent, type RpcClient } from '@outloud/bus';
import type { IdentityRpc, Notification } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { NotifyDB } from '../db.js';
import {
  insertNotifications,
  type NewNotification,
} from '../notifications/notifications.repository.js';
import { mutedTypes } from '../preferences/preferences.repository.js';
import { applyToProjection, type NotifyEvent } from '../projection/apply-event.js';
import { inactivePeople } from '../projection/people-status.js';
import { isAnyOf } from '../sql.js';
import { planFanout } from './candidates.js';
import type { FanoutPlan } from './plan.js';
import { chooseRecipients } from './recipients.js';

export const NOTIFY_SCHEMA = 'notify';

export interface FanoutDeps {
  db: Kysely<NotifyDB>;
  identity: RpcClient<typeof IdentityRpc>;
  clock: () => Date;
  /**
   * Events older than this update the projections but notify nobody: a service started on an
   * existing stream replays history without waking everyone up about last month.
   */
  maxEventAgeMs: number;
}

/** A stored notification, ready to push live. */
export interface Delivered {
  recipientId: string;
  notification: Notification;
}

/**
 * Handles one feed event: updates the projections and stores one notification per person it
 * concerns, all in one transaction recorded against the event id, so a redelivery does nothing.
 * Returns the notifications stored (to push live after the commit).
 */
export async function fanOut(deps: FanoutDeps, event: NotifyEvent): Promise<Delivered[]> {
  const now = deps.clock();
  // Content imported from another tool is history too: projected, never announced.
  const fresh =
    !isImported(event) && now.getTime() - Date.parse(event.occurredAt) <= deps.maxEventAgeMs;
  // People named with @handle: identity lives in the gateway, asked before the transaction.
  const mentionedIds = fresh ? await resolveMentions(deps, mentionsOf(event)) : [];
  let delivered: Delivered[] = [];
  await oncePerEvent(deps.db, NOTIFY_SCHEMA, event.id, async (trx) => {
    await applyToProjection(trx, event);
    if (!fresh) return;
    const plan = await planFanout(trx, event, mentionedIds);
    if (!plan) return;
    // Stamped with when it happened, so a list reads in the order things happened even when
    // events of different posts are handled side by side.
    delivered = await store(trx, plan, event.id, new Date(event.occurredAt));
  });
  return delivered;
}

async function store(
  trx: Kysely<NotifyDB>,
  plan: FanoutPlan,
  eventId: string,
  happenedAt: Date,
): Promise<Delivered[]> {
  const candidateIds = [...new Set(plan.candidates.map((c) => c.userId))];
  if (candidateIds.length === 0) return [];
  const [viewers, muted, inactive] = await Promise.all([
    whoCanSee(trx, plan.post.channelId, candidateIds),
    mutedTypes(trx, candidateIds),
    inactivePeople(trx, candidateIds),
  ]);
  // Suspended and deactivated people are told about nothing, whatever the notification type.
  const reachable = (id: string) =>
    !inactive.has(id) && (viewers === 'everyone' || viewers.has(id));
  const chosen = chooseRecipients(plan.candidates, {
    actorId: plan.selfId,
    canSee: reachable,
    muted: (id, type) => muted.get(id)?.has(type) ?? false,
  });
  const mentioned = plan.mentioned.filter(reachable);
  if (mentioned.length) {
    await trx
      .insertInto('notify.mentioned')
      .values(mentioned.map((userId) => ({ contentId: plan.mentionedIn, userId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const rows: NewNotification[] = chosen.map(({ userId, type, detail }) => ({
    id: uuidv7({ msecs: happenedAt.getTime() }),
    recipientId: userId,
    type,
    postId: plan.postId,
    answerId: plan.answerId,
    actorId: plan.actor?.id ?? null,
    actorHandle: plan.actor?.handle ?? null,
    actorDisplayName: plan.actor?.displayName ?? null,
    eventId: plan.eventKey ?? eventId,
    createdAt: happenedAt,
    detail: detail ?? null,
  }));
  const inserted = await insertNotifications(trx, rows);
  return inserted.map((row) => toDelivered(row, plan));
}

/** A stored notification as it is pushed live (and listed). */
export function toDelivered(
  row: NewNotification,
  plan: Pick<FanoutPlan, 'actor' | 'post'>,
): Delivered {
  return {
    recipientId: row.recipientId,
    notification: {
      id: row.id,
      type: row.type,
      postId: row.postId,
      answerId: row.answerId,
      actor: plan.actor,
      post: plan.post,
      createdAt: row.createdAt.toISOString(),
      readAt: null,
      ...(row.detail ? { detail: row.detail } : {}),
    },
  };
}

/** Everyone, for a public channel; otherwise the candidates who are members now. */
export async function whoCanSee(
  trx: Kysely<NotifyDB>,
  channelId: string,
  userIds: readonly string[],
): Promise<'everyone' | Set<string>> {
  const channel = await trx
    .selectFrom('notify.channels')
    .select('visibility')
    .where('id', '=', channelId)
    .executeTakeFirst();
  if (channel?.visibility === 'public') return 'everyone';
  const members = await trx
    .selectFrom('notify.members')
    .select('userId')
    .where('channelId', '=', channelId)
    .where(isAnyOf('userId', userIds))
    .execute();
  return new Set(members.map((m) => m.userId));
}

function isImported(event: NotifyEvent): boolean {
  return (
    (event.type === 'feed.post.created.v1' || event.type === 'feed.answer.created.v1') &&
    event.data.imported === true
  );
}

function mentionsOf(event: NotifyEvent): string[] {
  if (event.type === 'feed.post.created.v1' || event.type === 'feed.post.updated.v1')
    return event.data.post.mentions;
  if (event.type === 'feed.answer.created.v1' || event.type === 'feed.answer.updated.v1')
    return event.data.answer.mentions;
  return [];
}

async function resolveMentions(deps: FanoutDeps, handles: string[]): Promise<string[]> {
  if (handles.length === 0) return [];
  const { users } = await deps.identity.call('usersByHandles', { handles: handles.slice(0, 50) });
  return users.map((u) => u.id);
}

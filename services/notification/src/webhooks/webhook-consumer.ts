import {
  startDurableConsumer,
  type BusLogger,
  type DurableConsumer,
  type NatsConnection,
} from '@outloud/bus';
import {
  FeedEvents,
  LearningEvents,
  type Names,
  type PostCreatedV1,
  type ChallengePromptPostedV1,
} from '@outloud/contracts';
import type { Kysely, Transaction } from 'kysely';
import type { NotifyDB } from '../db.js';
import { addWaits, queueDeliveries } from './deliveries.repository.js';
import {
  answerAcceptedItem,
  challengeDayItem,
  deliveryId,
  postCreatedItem,
  unansweredItem,
  type WebhookItem,
} from './webhook-messages.js';
import type { WebhookSettings } from './webhook-rules.js';
import { subscribers } from './webhooks.repository.js';

const HOUR_MS = 60 * 60 * 1000;
/** A challenge prompt whose channel or post is still unknown here is retried this often, then dropped. */
const UNKNOWN_RETRIES = 20;

export const webhookEventSchemas = {
  'feed.post.created.v1': FeedEvents['feed.post.created.v1'].schema,
  'feed.answer.accepted.v1': FeedEvents['feed.answer.accepted.v1'].schema,
  'learning.challenge.prompt_posted.v1':
    LearningEvents['learning.challenge.prompt_posted.v1'].schema,
};

export interface WebhookConsumerDeps {
  db: Kysely<NotifyDB>;
  nc: NatsConnection;
  names: Names;
  logger: BusLogger;
  clock: () => Date;
  appUrl: string;
  settings: WebhookSettings;
  /** Called after deliveries were queued, so the sender starts at once. */
  onQueued(): void;
}

/**
 * The durable consumer that turns events into deliveries: one row per event and matching webhook,
 * in one transaction, keyed so that a redelivered event queues nothing twice. Its own consumer
 * (all events, one filter), so a slow or failing webhook never holds up people's notifications.
 */
export function startWebhookConsumer(deps: WebhookConsumerDeps): Promise<DurableConsumer> {
  return startDurableConsumer({
    nc: deps.nc,
    names: deps.names,
    service: 'notification_webhooks',
    filterSubject: deps.names.events(),
    schemas: webhookEventSchemas,
    // In stream order: the work per event is one small transaction (sending is the sender's).
    concurrency: 1,
    handle: async (event, meta) => {
      let queued = 0;
      switch (event.type) {
        case 'feed.post.created.v1':
          queued = await onPostCreated(deps, event);
          break;
        case 'feed.answer.accepted.v1': {
          const item = answerAcceptedItem(event, deps.appUrl);
          if (item) queued = await deps.db.transaction().execute((trx) => queue(deps, trx, item));
          break;
        }
        case 'learning.challenge.prompt_posted.v1':
          queued = await onChallengeDay(deps, event, meta.redeliveryCount);
          break;
        default: {
          const unhandled: never = event;
          return unhandled;
        }
      }
      if (queued > 0) deps.onQueued();
    },
    logger: deps.logger,
  });
}

async function queue(
  deps: WebhookConsumerDeps,
  trx: Transaction<NotifyDB>,
  item: WebhookItem,
): Promise<number> {
  const hooks = await subscribers(trx, item.message.type);
  const now = deps.clock();
  return queueDeliveries(
    trx,
    hooks.map((hook) => ({
      id: deliveryId(hook.id, item.key),
      webhookId: hook.id,
      event: item.message.type,
      eventKey: item.key,
      message: item.message,
      createdAt: now,
    })),
  );
}

/** A public post goes out at once; a public question also starts each webhook's wait for an answer. */
async function onPostCreated(deps: WebhookConsumerDeps, event: PostCreatedV1): Promise<number> {
  const item = postCreatedItem(event, deps.appUrl);
  if (!item) return 0;
  return deps.db.transaction().execute(async (trx) => {
    const queued = await queue(deps, trx, item);
    if (event.data.post.kind === 'question') {
      const askedAt = new Date(event.data.post.createdAt).getTime();
      const waiting = await subscribers(trx, 'question.unanswered');
      await addWaits(
        trx,
        waiting.map((hook) => {
          const hours = hook.unansweredHours ?? deps.settings.defaultUnansweredHours;
          const dueAt = new Date(askedAt + hours * HOUR_MS);
          return {
            webhookId: hook.id,
            postId: event.data.post.id,
            dueAt,
            message: unansweredItem(event, hours, dueAt, deps.appUrl).message,
          };
        }),
      );
    }
    return queued;
  });
}

/**
 * The prompt's post and channel come from the notification projection (another consumer keeps
 * it): until it knows them the event is retried, and after that it is dropped, never sent blind.
 */
async function onChallengeDay(
  deps: WebhookConsumerDeps,
  event: ChallengePromptPostedV1,
  redeliveries: number,
): Promise<number> {
  const post = await deps.db
    .selectFrom('notify.posts as p')
    .innerJoin('notify.channels as c', 'c.id', 'p.channelId')
    .select(['p.title', 'p.hidden', 'p.deleted', 'c.visibility'])
    .where('p.id', '=', event.data.postId)
    .executeTakeFirst();
  if (!post) {
    if (redeliveries >= UNKNOWN_RETRIES) {
      deps.logger.warn(
        { postId: event.data.postId },
        'challenge prompt never seen; not sent to webhooks',
      );
      return 0;
    }
    throw new Error('the challenge prompt is not known here yet');
  }
  if (post.visibility !== 'public' || post.hidden || post.deleted) return 0;
  const item = challengeDayItem(event, post, deps.appUrl);
  return deps.db.transaction().execute((trx) => queue(deps, trx, item));
}

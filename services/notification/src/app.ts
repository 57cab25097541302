import {
  ensureEventStream,
  rpcClient,
  serveRpc,
  startDurableConsumer,
  type BusLogger,
  type DurableConsumer,
  type NatsConnection,
  type RpcService,
} from '@outloud/bus';
import { IdentityRpc, NotificationRpc, SearchRpc, type Names } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { NotifyDB } from './db.js';
import { sendPendingDigests, writeDueDigests } from './digest/digests.js';
import type { Mailer } from '@outloud/mail';
import { fanOut, NOTIFY_SCHEMA, type Delivered } from './fanout/fanout.js';
import { pushNotifications } from './live/push.js';
import { notificationHandlers } from './notifications/notifications.handlers.js';
import { notifyEventSchemas, type NotifyEvent } from './projection/apply-event.js';
import { applyPersonStatus, identityEventSchemas } from './projection/people-status.js';
import { routeDueQuestions, type RoutingRun } from './routing/route-questions.js';
import { DEFAULT_ROUTING, type RoutingSettings } from './routing/routing-rules.js';
import { webhookHandlers } from './webhooks/webhooks.handlers.js';
import { startWebhooks, type Webhooks } from './webhooks/webhooks.js';
import { DEFAULT_WEBHOOKS, type WebhookSettings } from './webhooks/webhook-rules.js';
import { eraseHandlers } from './erasure/erase-person.js';

export { NOTIFY_SCHEMA };
export const notifyMigrations = {
  schema: NOTIFY_SCHEMA,
  folder: new URL('../migrations', import.meta.url),
};

export interface NotifyDeps {
  db: Kysely<NotifyDB>;
  nc: NatsConnection;
  names: Names;
  logger: BusLogger;
  clock?: () => Date;
  appUrl?: string;
  /** Hands digests to SMTP; without it digests are only written to `notify.digests`. */
  mailer?: Mailer;
  digestHourUtc?: number;
  /** How often due digests are looked for; 0 turns the schedule off (tests call it directly). */
  digestIntervalMs?: number;
  maxEventAgeMs?: number;
  /** Expert routing's delays and caps (defaults: `DEFAULT_ROUTING`). */
  routing?: Partial<RoutingSettings>;
  /** How often waiting questions are routed; 0 turns the schedule off (tests call it directly). */
  routingIntervalMs?: number;
  /** Outgoing webhooks' retries, limits and targets (defaults: `DEFAULT_WEBHOOKS`). */
  webhooks?: Partial<WebhookSettings>;
  /** How often due webhook deliveries are looked for; 0: only when called (and when queued). */
  webhookSendIntervalMs?: number;
  /** How often questions waiting for `question.unanswered` are checked; 0: only when called. */
  webhookSweepIntervalMs?: number;
}

export interface NotifyService extends AsyncDisposable {
  readonly consumer: DurableConsumer;
  /** Follows people's status from identity (a second consumer: NATS 2.9 takes one filter each). */
  readonly people: DurableConsumer;
  /** Writes (and, with a mailer, sends) the digests due at `now`; the schedule calls it. */
  runDigests(now?: Date): Promise<{ written: number; sent: number }>;
  /** Routes the questions due at `now` to likely experts and escalates overdue ones; the schedule calls it. */
  routeQuestions(now?: Date): Promise<RoutingRun>;
  /** Outgoing webhooks: their consumer, sender and unanswered-question sweep. */
  readonly webhooks: Webhooks;
  stop(): Promise<void>;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Starts the notification service: a durable consumer keeps its projections and stores the
 * notifications each feed event causes, then pushes them live; RPC endpoints serve the
 * notification list, read marks, preferences and the digest preview; a timer writes daily digests.
 */
export async function startNotification(deps: NotifyDeps): Promise<NotifyService> {
  const clock = deps.clock ?? (() => new Date());
  const appUrl = deps.appUrl ?? 'http://localhost:8080';
  const identity = rpcClient({
    nc: deps.nc,
    names: deps.names,
    service: 'identity',
    schemas: IdentityRpc,
  });
  const search = rpcClient({
    nc: deps.nc,
    names: deps.names,
    service: 'search',
    schemas: SearchRpc,
  });
  await ensureEventStream(deps.nc, deps.names);
  const deliver = (delivered: readonly Delivered[]) =>
    pushNotifications(deps, delivered).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'live push failed; clients will read over REST'),
    );

  const consumer = await startDurableConsumer({
    nc: deps.nc,
    names: deps.names,
    service: 'notification',
    filterSubject: deps.names.events('feed'),
    schemas: notifyEventSchemas,
    // Events of one channel (or one person's follows) in order; other channels side by side, so
    // a large announcement never holds up an answer in another channel.
    concurrency: 8,
    maxMessages: 256,
    orderingKey: orderingKey,
    handle: async (event) => {
      const delivered = await fanOut(
        {
          db: deps.db,
          identity,
          clock,
          maxEventAgeMs: deps.maxEventAgeMs ?? 72 * HOUR_MS,
        },
        event,
      );
      await deliver(delivered);
    },
    logger: deps.logger,
  });

  const people = await startDurableConsumer({
    nc: deps.nc,
    names: deps.names,
    service: 'notification_identity',
    filterSubject: deps.names.events('identity'),
    schemas: identityEventSchemas,
    // Few and small; in stream order, so each person's changes apply in turn.
    concurrency: 1,
    handle: async (event) =>
      applyPersonStatus(deps.db, {
        userId: event.data.id,
        status: event.data.status,
        locale: event.data.locale,
        browserLocale: event.data.browserLocale,
        at: new Date(event.occurredAt),
      }),
    logger: deps.logger,
  });

  const webhookSettings = { ...DEFAULT_WEBHOOKS, ...deps.webhooks };
  const webhooks = await startWebhooks({
    db: deps.db,
    nc: deps.nc,
    names: deps.names,
    logger: deps.logger,
    clock,
    appUrl,
    identity,
    mailer: deps.mailer,
    settings: webhookSettings,
    sendIntervalMs: deps.webhookSendIntervalMs,
    sweepIntervalMs: deps.webhookSweepIntervalMs,
  });

  const rpc: RpcService = await serveRpc({
    nc: deps.nc,
    names: deps.names,
    service: 'notification',
    schemas: NotificationRpc,
    logger: deps.logger,
    handlers: {
      ...notificationHandlers({ db: deps.db, nc: deps.nc, names: deps.names, clock, appUrl }),
      ...webhookHandlers({
        db: deps.db,
        clock,
        allowPrivateTargets: webhookSettings.allowPrivateTargets,
      }),
      ...eraseHandlers({ db: deps.db }),
    },
  });

  const digestDeps = {
    db: deps.db,
    identity,
    appUrl,
    hourUtc: deps.digestHourUtc ?? 7,
    logger: deps.logger,
  };
  const runDigests = async (now = clock()) => {
    const written = await writeDueDigests(digestDeps, now);
    const sent = deps.mailer
      ? await sendPendingDigests({ ...digestDeps, mailer: deps.mailer }, now)
      : 0;
    return { written, sent };
  };
  let digestRun: Promise<unknown> = Promise.resolve();
  const interval = deps.digestIntervalMs ?? 15 * 60 * 1000;
  const timer =
    interval > 0
      ? setInterval(() => {
          digestRun = runDigests().catch((error: unknown) =>
            deps.logger.warn({ err: error }, 'digest run failed; retrying at the next one'),
          );
        }, interval)
      : undefined;
  timer?.unref();

  const routingDeps = {
    db: deps.db,
    search,
    identity,
    settings: { ...DEFAULT_ROUTING, ...deps.routing },
    deliver,
  };
  const routeQuestions = (now = clock()) => routeDueQuestions(routingDeps, now);
  let routingRun: Promise<unknown> = Promise.resolve();
  const routingInterval = deps.routingIntervalMs ?? 60 * 1000;
  const routingTimer =
    routingInterval > 0
      ? setInterval(() => {
          // One sweep at a time per instance; a slow one is not stacked upon.
          routingRun = routingRun.then(() =>
            routeQuestions().catch((error: unknown) =>
              deps.logger.warn({ err: error }, 'expert routing failed; retrying at the next sweep'),
            ),
          );
        }, routingInterval)
      : undefined;
  routingTimer?.unref();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (timer) clearInterval(timer);
      if (routingTimer) clearInterval(routingTimer);
      await rpc.stop();
      await consumer.stop();
      await people.stop();
      await webhooks.stop();
      await digestRun;
      await routingRun;
      deps.mailer?.close();
    })());
  return {
    consumer,
    people,
    runDigests,
    routeQuestions,
    webhooks,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function orderingKey(event: NotifyEvent): string {
  if (event.type === 'feed.follow.changed.v1') return `follows:${event.data.userId}`;
  // Everything else happens in a channel: a post's events keep their order, and nobody is told
  // of a post before the membership changes that came before it were applied.
  return event.data.channel.id;
}

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
import { IdentityRpc, NotificationRpc, type Names } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { NotifyDB } from './db.js';
import { sendPendingDigests, writeDueDigests } from './digest/digests.js';
import type { Mailer } from '@outloud/mail';
import { fanOut, NOTIFY_SCHEMA } from './fanout/fanout.js';
import { pushNotifications } from './live/push.js';
import { notificationHandlers } from './notifications/notifications.handlers.js';
import { notifyEventSchemas, type NotifyEvent } from './projection/apply-event.js';
import { applyPersonStatus, identityEventSchemas } from './projection/people-status.js';

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
}

export interface NotifyService extends AsyncDisposable {
  readonly consumer: DurableConsumer;
  /** Follows people's status from identity (a second consumer: NATS 2.9 takes one filter each). */
  readonly people: DurableConsumer;
  /** Writes (and, with a mailer, sends) the digests due at `now`; the schedule calls it. */
  runDigests(now?: Date): Promise<{ written: number; sent: number }>;
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
  await ensureEventStream(deps.nc, deps.names);

  const consumer = await startDurableConsumer({
    nc: deps.nc,
    names: deps.names,
    service: 'notification',
    filterSubject: deps.names.events('feed'),
    schemas: notifyEventSchemas,
    // Events of one post (or channel, or person's follows) in order; others side by side, so a
    // large announcement never holds up an answer elsewhere.
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
      if (delivered.length === 0) return;
      await pushNotifications(deps, delivered).catch((error: unknown) =>
        deps.logger.warn({ err: error }, 'live push failed; clients will read over REST'),
      );
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

  const rpc: RpcService = await serveRpc({
    nc: deps.nc,
    names: deps.names,
    service: 'notification',
    schemas: NotificationRpc,
    logger: deps.logger,
    handlers: notificationHandlers({ db: deps.db, nc: deps.nc, names: deps.names, clock, appUrl }),
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

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (timer) clearInterval(timer);
      await rpc.stop();
      await consumer.stop();
      await people.stop();
      await digestRun;
      deps.mailer?.close();
    })());
  return { consumer, people, runDigests, stop, [Symbol.asyncDispose]: stop };
}

function orderingKey(event: NotifyEvent): string {
  if (event.type === 'feed.channel.created.v1' || event.type === 'feed.channel.updated.v1')
    return event.data.channel.id;
  if (event.type === 'feed.membership.changed.v1') return event.data.channel.id;
  if (event.type === 'feed.follow.changed.v1') return `follows:${event.data.userId}`;
  if (event.type === 'feed.post.deleted.v1') return event.data.postId;
  return event.data.post.id;
}

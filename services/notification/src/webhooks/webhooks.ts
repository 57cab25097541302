import type { BusLogger, DurableConsumer, NatsConnection, RpcClient } from '@outloud/bus';
import type { IdentityRpc, Names } from '@outloud/contracts';
import type { Mailer } from '@outloud/mail';
import type { Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import { noticeDisabledWebhooks } from './admin-notice.js';
import { sendDue, type SendRun } from './sender.js';
import { sweepUnanswered } from './unanswered-sweep.js';
import { startWebhookConsumer } from './webhook-consumer.js';
import { DEFAULT_WEBHOOKS, type WebhookSettings } from './webhook-rules.js';

export interface WebhooksDeps {
  db: Kysely<NotifyDB>;
  nc: NatsConnection;
  names: Names;
  logger: BusLogger;
  clock: () => Date;
  appUrl: string;
  identity: RpcClient<typeof IdentityRpc>;
  mailer?: Mailer;
  settings?: Partial<WebhookSettings>;
  /** How often due deliveries are looked for (new ones are sent at once); 0: only when called. */
  sendIntervalMs?: number;
  /** How often waiting questions are checked; 0: only when called. */
  sweepIntervalMs?: number;
}

export interface Webhooks {
  readonly consumer: DurableConsumer;
  readonly settings: WebhookSettings;
  /** Sends what is due at `now` (retries included), then tells admins of webhooks turned off. */
  sendDue(now?: Date): Promise<SendRun>;
  /** Queues `question.unanswered` for the waits due at `now`, then sends. */
  sweepUnanswered(now?: Date): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Outgoing webhooks: a durable consumer queues deliveries, a sender (woken by new deliveries and
 * by a timer for retries) posts them, and a sweep turns unanswered questions into deliveries.
 * One send run at a time per instance; instances share the work through row leases.
 */
export async function startWebhooks(deps: WebhooksDeps): Promise<Webhooks> {
  const settings: WebhookSettings = { ...DEFAULT_WEBHOOKS, ...deps.settings };
  const { clock } = deps;
  let stopped = false;

  const sendNow = async (now = clock()): Promise<SendRun> => {
    const run = await sendDue({ db: deps.db, logger: deps.logger, clock, settings }, now);
    if (run.disabled > 0 || run.attempted > 0) {
      await noticeDisabledWebhooks(
        {
          db: deps.db,
          identity: deps.identity,
          mailer: deps.mailer,
          appUrl: deps.appUrl,
          logger: deps.logger,
        },
        clock(),
      );
    }
    return run;
  };

  // A wake-up while a run is going makes one more run after it, never two at once.
  let running: Promise<void> | undefined;
  let again = false;
  const wake = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await sendNow().catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'webhook sending failed; retrying at the next run'),
        );
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
  };

  const consumer = await startWebhookConsumer({
    db: deps.db,
    nc: deps.nc,
    names: deps.names,
    logger: deps.logger,
    clock,
    appUrl: deps.appUrl,
    settings,
    onQueued: wake,
  });

  const sweepNow = async (now = clock()) => {
    const queued = await sweepUnanswered(deps.db, now);
    if (queued > 0) wake();
    return queued;
  };
  let sweepRun: Promise<unknown> = Promise.resolve();
  const timers = [
    every(deps.sendIntervalMs ?? 2_000, wake),
    every(deps.sweepIntervalMs ?? 60_000, () => {
      sweepRun = sweepRun.then(() =>
        sweepNow().catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'unanswered-question sweep failed; retrying later'),
        ),
      );
    }),
  ];
  // Deliveries left pending by a stop or a crash go out now, not at the first tick.
  wake();

  let stopping: Promise<void> | undefined;
  return {
    consumer,
    settings,
    sendDue: sendNow,
    sweepUnanswered: sweepNow,
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        for (const timer of timers) if (timer) clearInterval(timer);
        await consumer.stop();
        await sweepRun;
        await running;
      })()),
  };
}

function every(ms: number, tick: () => void): NodeJS.Timeout | undefined {
  if (ms <= 0) return undefined;
  const timer = setInterval(tick, ms);
  timer.unref();
  return timer;
}

import type { BusLogger } from '@outloud/bus';
import type { Kysely } from 'kysely';
import { Webhook as Signer } from 'standardwebhooks';
import type { NotifyDB } from '../db.js';
import {
  claimDue,
  disableWebhook,
  recordAttempt,
  recordOutcome,
  type DueDelivery,
} from './deliveries.repository.js';
import { postOnce, type PostResult } from './http-post.js';
import { deliveryBody } from './presets.js';
import {
  isDelivered,
  nextAttemptAt,
  shouldDisable,
  type WebhookSettings,
} from './webhook-rules.js';

/** Deliveries taken per round (each round's are sent side by side). */
const BATCH = 16;
const ERROR_MAX = 500;

export interface SenderDeps {
  db: Kysely<NotifyDB>;
  logger: BusLogger;
  clock: () => Date;
  settings: WebhookSettings;
}

export interface SendRun {
  attempted: number;
  delivered: number;
  disabled: number;
}

/**
 * Sends every delivery due at `now`, round after round, until none is left. Each attempt is
 * signed per Standard Webhooks (the delivery id is the `webhook-id` of every attempt, so a
 * receiver can drop a repeat), recorded with its status, duration and response code, and a
 * failure is retried after the next back-off delay; a webhook failing long enough is turned off.
 */
export async function sendDue(deps: SenderDeps, now: Date): Promise<SendRun> {
  const run: SendRun = { attempted: 0, delivered: 0, disabled: 0 };
  // An attempt can take the whole timeout; the lease outlives it so no other sender doubles it.
  const lease = 2 * deps.settings.timeoutMs + 5_000;
  for (;;) {
    const due = await claimDue(deps.db, now, BATCH, new Date(now.getTime() + lease));
    await Promise.all(due.map((delivery) => attempt(deps, delivery, run)));
    if (due.length < BATCH) return run;
  }
}

async function attempt(deps: SenderDeps, delivery: DueDelivery, run: SendRun): Promise<void> {
  const body = deliveryBody(delivery.preset, delivery.message);
  const sentAt = deps.clock();
  let result: PostResult;
  try {
    const signature = new Signer(delivery.secret).sign(delivery.id, sentAt, body);
    result = await postOnce(
      delivery.url,
      body,
      {
        'webhook-id': delivery.id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      { timeoutMs: deps.settings.timeoutMs, allowPrivate: deps.settings.allowPrivateTargets },
    );
  } catch (error) {
    result = { durationMs: 0, error: error instanceof Error ? error.message : String(error) };
  }
  const delivered = isDelivered(result.status);
  const attempts = delivery.attempts + 1;
  const at = deps.clock();
  const retryAt = delivered ? null : nextAttemptAt(attempts, deps.settings, at);
  const error = delivered
    ? null
    : (result.error ?? `answered ${result.status ?? 'nothing'}`).slice(0, ERROR_MAX);
  run.attempted++;
  if (delivered) run.delivered++;
  deps.logger.info(
    {
      webhookId: delivery.webhookId,
      deliveryId: delivery.id,
      event: delivery.event,
      attempt: attempts,
      responseCode: result.status,
      durationMs: result.durationMs,
      error: error ?? undefined,
    },
    delivered ? 'webhook delivered' : 'webhook attempt failed',
  );
  await deps.db.transaction().execute(async (trx) => {
    await recordAttempt(trx, delivery.id, {
      status: delivered ? 'succeeded' : retryAt ? 'pending' : 'failed',
      attempts,
      responseCode: result.status ?? null,
      durationMs: result.durationMs,
      error,
      nextAttemptAt: retryAt,
    });
    const record = await recordOutcome(trx, delivery.webhookId, delivered, at);
    if (
      record?.active &&
      record.failingSince &&
      shouldDisable(record.failureCount, record.failingSince, deps.settings, at)
    ) {
      await disableWebhook(
        trx,
        delivery.webhookId,
        `Turned off after ${record.failureCount} failed attempts in a row since ${record.failingSince.toISOString()}; last: ${error ?? ''}`.slice(
          0,
          ERROR_MAX,
        ),
        at,
      );
      run.disabled++;
      deps.logger.warn({ webhookId: delivery.webhookId }, 'webhook turned off: it kept failing');
    }
  });
}

import { sql, type Kysely } from 'kysely';
import { startPgListener } from '@outloud/db';
import type { Mailer } from '@outloud/mail';
import type { Logger } from '@outloud/ops';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { EMAILS_CHANNEL } from './queue-email.js';

export interface MailWorkerOptions {
  db: Kysely<IdentityDatabase>;
  /** Null when no SMTP server is configured: each email is logged once, with its link. */
  mailer: Mailer | null;
  logger: Logger;
  clock: () => Date;
  /** For the LISTEN connection that wakes the worker; without it the worker only polls. */
  databaseUrl?: string;
  /** Fallback poll (a missed notification, a retry coming due). Default 5 s. */
  pollIntervalMs?: number;
}

export interface MailWorker extends AsyncDisposable {
  /** Sends every email that is due now; resolves with how many were handled meanwhile. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

const BATCH = 20;
/** A claimed email is left alone this long, so a slow SMTP server is not raced by a second worker. */
const LEASE_MS = 5 * 60_000;
/** After this many failed attempts (about a day of back-off) the email is given up. */
export const MAX_ATTEMPTS = 12;
const MIN_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/** Rows given up on, or only logged, are never claimed again. */
const NEVER = new Date('9999-01-01T00:00:00Z');
export const LOGGED_ONLY = 'not sent: no SMTP server is configured (SMTP_URL); the link was logged';

/** 1 min × 2^(attempts − 1), at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(MIN_BACKOFF_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/** An SMTP error as kept in `last_error`: its first line, without addresses' credentials. */
export function describeSendError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? '';
  return firstLine.replace(/\/\/[^/\s@]*@/g, '//…@').slice(0, 300);
}

interface Claimed {
  id: string;
  purpose: string;
  toAddress: string;
  subject: string;
  text: string | null;
  html: string | null;
  link: string | null;
  attempts: number;
}

/**
 * Sends the emails of `identity.emails`. Several gateways may run one each: a row is claimed
 * (`for update skip locked`, then leased) by one worker only. A sent email loses its bodies and
 * link, which hold one-time secrets; a failed one is retried with back-off.
 */
export function startMailWorker(options: MailWorkerOptions): MailWorker {
  const { db, mailer, logger, clock } = options;
  let stopped = false;
  let running: Promise<number> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const claim = async (): Promise<Claimed[]> => {
    const now = clock();
    const { rows } = await sql<Claimed>`
      update identity.emails set next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}
       where id in (select id from identity.emails
                     where sent_at is null and next_attempt_at <= ${now}
                     order by next_attempt_at, id limit ${BATCH} for update skip locked)
      returning id, purpose, to_address as "toAddress", subject, text, html, link, attempts`.execute(
      db,
    );
    return rows;
  };

  const handle = async (email: Claimed): Promise<void> => {
    if (!mailer) {
      // Once per email: the row is never claimed again, and the outbox page keeps its link.
      logger.info(
        { purpose: email.purpose },
        `email not sent (no SMTP_URL set): ${email.purpose} to ${email.toAddress}: ${email.link ?? '(no link)'}`,
      );
      await db
        .updateTable('identity.emails')
        .set({ attempts: email.attempts + 1, nextAttemptAt: NEVER, lastError: LOGGED_ONLY })
        .where('id', '=', email.id)
        .execute();
      return;
    }
    try {
      await mailer.send({
        to: email.toAddress,
        subject: email.subject,
        text: email.text ?? '',
        html: email.html ?? '',
      });
      await db
        .updateTable('identity.emails')
        .set({
          sentAt: clock(),
          attempts: email.attempts + 1,
          text: null,
          html: null,
          link: null,
          lastError: null,
        })
        .where('id', '=', email.id)
        .execute();
    } catch (error) {
      const attempts = email.attempts + 1;
      const givenUp = attempts >= MAX_ATTEMPTS;
      const lastError = describeSendError(error);
      logger.warn(
        { purpose: email.purpose, emailId: email.id, attempts, error: lastError },
        givenUp ? 'could not send an email; giving up' : 'could not send an email; will retry',
      );
      await db
        .updateTable('identity.emails')
        .set({
          attempts,
          lastError,
          nextAttemptAt: givenUp ? NEVER : new Date(clock().getTime() + backoffMs(attempts)),
          // A given-up email's one-time secrets go with it: nobody will send it any more.
          ...(givenUp ? { text: null, html: null, link: null } : {}),
        })
        .where('id', '=', email.id)
        .execute();
    }
  };

  const drain = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const batch = await claim();
      for (const email of batch) await handle(email);
      total += batch.length;
      if (batch.length < BATCH || stopped) return total;
    }
  };

  const run = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          total += await drain();
        } while (again && !stopped);
      } catch (error) {
        logger.warn({ err: error }, 'mail worker pass failed; will retry');
      } finally {
        running = undefined;
      }
      return total;
    })();
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void run().finally(schedule);
    }, options.pollIntervalMs ?? 5_000);
    timer.unref();
  };

  // New emails wake the worker at once; polling covers the time the connection is down.
  const listener = options.databaseUrl
    ? startPgListener({
        databaseUrl: options.databaseUrl,
        channel: EMAILS_CHANNEL,
        applicationName: 'identity-mail',
        onWake: () => void run(),
        logger,
        name: 'mail worker',
      })
    : undefined;
  schedule();
  void run();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      stopped = true;
      clearTimeout(timer);
      await listener?.stop();
      await running;
      mailer?.close();
    })());
  return {
    async flush() {
      // A pass already under way may hold rows queued just before: count what it handled too.
      const earlier = running ? await running : 0;
      return earlier + (await run());
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

import { eventually, startMailCatcher } from '@outloud/testkit';
import { sql } from 'kysely';
import { createSmtpMailer, type Mailer } from '@outloud/mail';
import { createLogger } from '@outloud/ops';
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  describeSendError,
  MAX_ATTEMPTS,
  startMailWorker,
} from '../src/mail/mail-worker.js';
import { queueEmail } from '../src/mail/queue-email.js';
import { createWorld } from './helpers.js';

const logger = createLogger('mail-test', 'silent');
const email = (to: string) => ({
  purpose: 'verify_email',
  to,
  subject: 'Outloud: confirm your email address',
  text: 'Open http://outloud.test/#/verify-email?token=secret',
  html: '<a href="http://outloud.test/#/verify-email?token=secret">Confirm</a>',
  link: 'http://outloud.test/#/verify-email?token=secret',
});

describe('the mail worker', { timeout: 30_000 }, () => {
  it('keeps a failed email with its error and retries it after a back-off', async () => {
    await using world = await createWorld();
    let now = new Date('2026-12-06T10:00:00Z');
    let failing = true;
    const delivered: string[] = [];
    const flaky: Mailer = {
      send: async (message) => {
        if (failing) throw new Error('connect ECONNREFUSED smtp://user:pw@mail.example:25');
        delivered.push(message.to);
      },
      close: () => undefined,
    };
    // Only flush() sends here: no poll comes due during the test, and the pass the worker starts
    // with is over before the email is queued.
    await using worker = startMailWorker({
      db: world.db,
      mailer: flaky,
      logger,
      clock: () => now,
      pollIntervalMs: 600_000,
    });
    expect(await worker.flush()).toBe(0);
    await queueEmail(world.db, email('ada@example.com'), now);

    expect(await worker.flush()).toBe(1);
    const failed = await world.db
      .selectFrom('identity.emails')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ attempts: 1, sentAt: null, link: email('x').link });
    expect(failed.text).not.toBeNull();
    expect(failed.lastError).toContain('ECONNREFUSED');
    expect(failed.lastError).not.toContain('pw@');
    expect(failed.nextAttemptAt.getTime()).toBe(now.getTime() + backoffMs(1));

    // Not due yet: nothing is tried.
    failing = false;
    expect(await worker.flush()).toBe(0);
    now = new Date(now.getTime() + backoffMs(1));
    expect(await worker.flush()).toBe(1);
    expect(delivered).toEqual(['ada@example.com']);
    const sent = await world.db.selectFrom('identity.emails').selectAll().executeTakeFirstOrThrow();
    expect(sent).toMatchObject({
      attempts: 2,
      text: null,
      html: null,
      link: null,
      lastError: null,
    });
  });

  it('sends through SMTP as soon as an email is queued', async () => {
    await using world = await createWorld();
    await using catcher = await startMailCatcher();
    await using _worker = startMailWorker({
      db: world.db,
      mailer: createSmtpMailer(catcher.url, 'Outloud <outloud@example.test>'),
      logger,
      clock: () => new Date(),
      databaseUrl: world.database.url,
      pollIntervalMs: 60_000,
    });
    // Woken by the NOTIFY of the commit, not by the (minute-long) poll: wait until it listens.
    await eventually(async () => {
      const { rows } = await sql<{ query: string }>`select query from pg_stat_activity
        where application_name = 'identity-mail' and datname = current_database()`.execute(
        world.db,
      );
      return rows.some((r) => r.query.startsWith('listen')) ? true : undefined;
    });
    await queueEmail(world.db, email('grace@example.com'), new Date());
    const mail = await catcher.waitFor((m) => m.to.includes('grace@example.com'), 10_000);
    expect(mail.subject).toBe('Outloud: confirm your email address');
  });

  it('backs off exponentially up to an hour and gives up after a day of tries', () => {
    expect(backoffMs(1)).toBe(60_000);
    expect(backoffMs(2)).toBe(120_000);
    expect(backoffMs(10)).toBe(60 * 60_000);
    expect(MAX_ATTEMPTS).toBeGreaterThan(6);
    expect(describeSendError(new Error('bad\nsecond line'))).toBe('bad');
  });
});

import { sql, type Kysely } from 'kysely';
import type { IdentityDatabase } from '../identity/identity.tables.js';

/** The Postgres channel the mail worker listens on for new emails. */
export const EMAILS_CHANNEL = 'identity_emails';

/** An email to send, as written to `identity.emails`. */
export interface QueuedEmail {
  /** What it is for, e.g. `verify_email`, `reset_password`, `invitation`. */
  purpose: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The one link the email is about (shown on the outbox page while no SMTP server is set). */
  link: string | null;
}

/**
 * Queues an email. Pass the transaction that creates what the email announces (a reset token, an
 * invitation), so both commit together; the mail worker sends it afterwards.
 */
export async function queueEmail(
  db: Kysely<IdentityDatabase>,
  email: QueuedEmail,
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('identity.emails')
    .values({
      purpose: email.purpose,
      toAddress: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      link: email.link,
      createdAt: now,
      nextAttemptAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Wakes the mail worker (Postgres delivers it only if the caller's transaction commits).
  await sql`select pg_notify(${EMAILS_CHANNEL}, '')`.execute(db);
  return row.id;
}

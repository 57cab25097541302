import type { IdentityRpc } from '@outloud/contracts';
import type { RpcClient } from '@outloud/bus';
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { NotifyDB } from '../db.js';
import { collectDigest, isEmptyDigest } from './collect-digest.js';
import type { Mailer } from '@outloud/mail';
import { localesOf } from '../projection/people-status.js';
import { renderDigest } from './render-digest.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 200;
const MAX_SEND_ATTEMPTS = 5;

export interface DigestDeps {
  db: Kysely<NotifyDB>;
  identity: RpcClient<typeof IdentityRpc>;
  /** Where digest links point (the gateway's public URL). */
  appUrl: string;
  /** Digests are written once a day, from this hour (UTC). */
  hourUtc: number;
  logger: { warn(obj: object, msg?: string): void; info(obj: object, msg?: string): void };
}

/**
 * Writes today's digest for everyone due one: people with unread notifications or follows, who
 * did not turn digests off and have none for today yet. Each is a row in `notify.digests`
 * (unique per person and day, so several instances or runs never write two). Returns how many
 * were written.
 */
export async function writeDueDigests(deps: DigestDeps, now: Date): Promise<number> {
  if (now.getUTCHours() < deps.hourUtc) return 0;
  const day = now.toISOString().slice(0, 10);
  let written = 0;
  for (;;) {
    const due = await dueRecipients(deps.db, day, now);
    if (due.length === 0) return written;
    const { users } = await deps.identity.call('usersByIds', { ids: due });
    const people = new Map(users.map((u) => [u.id, u]));
    // Each digest speaks its reader's language, as identity last announced it.
    const locales = await localesOf(deps.db, due);
    let progressed = false;
    for (const userId of due) {
      const person = people.get(userId);
      const content = await collectDigest(deps.db, userId, now);
      // Nothing to say, or a person who no longer exists: record the day as done all the same.
      const rendered =
        person && !isEmptyDigest(content)
          ? renderDigest(content, {
              displayName: person.displayName,
              appUrl: deps.appUrl,
              day,
              locale: locales.get(userId) ?? 'en',
            })
          : undefined;
      const result = await deps.db
        .insertInto('notify.digests')
        .values({
          id: uuidv7({ msecs: now.getTime() }),
          userId,
          day,
          subject: rendered?.subject ?? '',
          html: rendered?.html ?? '',
          text: rendered?.text ?? '',
          createdAt: now,
          // An empty digest is never sent.
          sentAt: rendered ? null : now,
        })
        .onConflict((oc) => oc.columns(['userId', 'day']).doNothing())
        .executeTakeFirst();
      progressed = true;
      if (rendered && Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) written++;
    }
    if (!progressed) return written;
  }
}

async function dueRecipients(db: Kysely<NotifyDB>, day: string, now: Date): Promise<string[]> {
  const recent = new Date(now.getTime() - 7 * DAY_MS);
  const rows = await sql<{ userId: string }>`
    select c.user_id from (
      select recipient_id as user_id from notify.notifications
        where read_at is null and created_at > ${recent}
      union
      select user_id from notify.follows
    ) c
    where not exists (select 1 from notify.preferences p where p.user_id = c.user_id and not p.digest)
      and not exists (select 1 from notify.people_status s
                       where s.user_id = c.user_id and s.status <> 'active')
      and not exists (select 1 from notify.digests d where d.user_id = c.user_id and d.day = ${day})
    limit ${BATCH}`.execute(db);
  return rows.rows.map((r) => r.userId);
}

/**
 * Hands written digests to SMTP, a few at a time, each claimed with `skip locked` so several
 * instances share the work. A failed send is retried on later runs, up to a limit.
 */
export async function sendPendingDigests(
  deps: Pick<DigestDeps, 'db' | 'identity' | 'logger'> & { mailer: Mailer },
  now: Date,
): Promise<number> {
  let sent = 0;
  for (;;) {
    const claimed = await deps.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('notify.digests')
        .select(['id', 'userId', 'subject', 'html', 'text'])
        .where('sentAt', 'is', null)
        .where('attempts', '<', MAX_SEND_ATTEMPTS)
        .orderBy('createdAt')
        .limit(20)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return 0;
      const { users } = await deps.identity.call('usersByIds', {
        ids: [...new Set(rows.map((r) => r.userId))],
      });
      const emails = new Map(users.map((u) => [u.id, u.email]));
      let done = 0;
      for (const row of rows) {
        const to = emails.get(row.userId);
        try {
          if (to)
            await deps.mailer.send({ to, subject: row.subject, html: row.html, text: row.text });
          await trx
            .updateTable('notify.digests')
            .set({ sentAt: now })
            .where('id', '=', row.id)
            .execute();
          done++;
        } catch (error) {
          deps.logger.warn({ err: error, digestId: row.id }, 'could not send a digest; will retry');
          await trx
            .updateTable('notify.digests')
            .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
            .where('id', '=', row.id)
            .execute();
        }
      }
      return done === 0 ? -1 : done;
    });
    if (claimed <= 0) return sent;
    sent += claimed;
  }
}

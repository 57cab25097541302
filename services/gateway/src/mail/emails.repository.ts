import type { Kysely } from 'kysely';
import type { OutboxEmail } from '@outloud/contracts';
import { keysetPage, type KeysetPosition } from '../core/keyset-cursor.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';

/**
 * A page of `identity.emails`, newest first. Links (one-time secrets: a reset link signs its
 * reader in as that person) are listed only with `showLinks`, i.e. while no SMTP server is set
 * and handing them on is the only way they arrive; otherwise only their addressee gets them.
 */
export async function listEmails(
  db: Kysely<IdentityDatabase>,
  after: KeysetPosition | undefined,
  limit: number,
  { showLinks }: { showLinks: boolean },
): Promise<{ items: OutboxEmail[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('identity.emails')
    .select([
      'id',
      'purpose',
      'toAddress',
      'subject',
      'link',
      'createdAt',
      'sentAt',
      'attempts',
      'lastError',
    ])
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('createdAt', '<', after.at),
        eb.and([eb('createdAt', '=', after.at), eb('id', '<', after.id)]),
      ]),
    );
  }
  const page = keysetPage(await query.execute(), limit, (row) => ({
    at: row.createdAt,
    id: row.id,
  }));
  return {
    items: page.rows.map((row) => ({
      id: row.id,
      purpose: row.purpose,
      to: row.toAddress,
      subject: row.subject,
      link: showLinks && row.sentAt === null ? row.link : null,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
      attempts: row.attempts,
      lastError: row.lastError,
    })),
    nextCursor: page.nextCursor,
  };
}

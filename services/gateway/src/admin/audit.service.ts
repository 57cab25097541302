import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { Limits, type AuditEntry, type AuditQuery } from '@outloud/contracts';
import { decodeKeysetCursor, keysetPage, type KeysetPosition } from '../core/keyset-cursor.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { AUDIT_CSV_HEADER, auditCsvLine, csvLine } from './audit-csv.js';
import { listAudit, type AuditRow } from './audit.repository.js';

/** The most rows one CSV export holds (newest first); older ones are paged through the API. */
export const AUDIT_CSV_MAX_ROWS = 50_000;
const CSV_BATCH = 1_000;

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    actor: { id: row.actorId, handle: row.actorHandle },
    action: row.action,
    target: { type: row.targetType, id: row.targetId, label: row.targetLabel },
    details: row.details,
    at: row.at.toISOString(),
  };
}

export async function auditPage(
  db: Kysely<IdentityDatabase>,
  query: AuditQuery,
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const limit = query.limit ?? Limits.pageDefault;
  const rows = await listAudit(db, {
    action: query.action,
    actorId: query.actorId,
    after: query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor),
    limit: limit + 1,
  });
  const page = keysetPage(rows, limit, (row) => ({ at: row.at, id: row.id }));
  return { items: page.rows.map(toEntry), nextCursor: page.nextCursor };
}

/**
 * The audit log (filtered like the list, from the cursor on) as a CSV stream, read in batches so
 * a large log never sits in memory, and bounded to `AUDIT_CSV_MAX_ROWS` rows.
 */
export function auditCsv(db: Kysely<IdentityDatabase>, query: AuditQuery): Readable {
  // Decoded before the first byte goes out, so a bad cursor is a 400, not a broken download.
  const start = query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor);
  async function* lines(): AsyncGenerator<string> {
    yield csvLine(AUDIT_CSV_HEADER);
    let after: KeysetPosition | undefined = start;
    let written = 0;
    while (written < AUDIT_CSV_MAX_ROWS) {
      const limit = Math.min(CSV_BATCH, AUDIT_CSV_MAX_ROWS - written);
      const rows = await listAudit(db, {
        action: query.action,
        actorId: query.actorId,
        after,
        limit,
      });
      yield rows.map(auditCsvLine).join('');
      written += rows.length;
      const last = rows.at(-1);
      if (rows.length < limit || !last) return;
      after = { at: last.at, id: last.id };
    }
  }
  return Readable.from(lines());
}

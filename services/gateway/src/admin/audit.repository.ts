import type { Kysely } from 'kysely';
import type { KeysetPosition } from '../core/keyset-cursor.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';

export interface AuditRow {
  id: string;
  actorId: string | null;
  actorHandle: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  details: Record<string, unknown>;
  at: Date;
}

export interface AuditFilter {
  action?: string | undefined;
  actorId?: string | undefined;
  after?: KeysetPosition | undefined;
  limit: number;
}

/** Reads the audit log, newest first (entries are written by `recordAudit`). */
export async function listAudit(
  db: Kysely<IdentityDatabase>,
  filter: AuditFilter,
): Promise<AuditRow[]> {
  return db
    .selectFrom('identity.auditLog as audit')
    .select([
      'audit.id',
      'audit.actorId',
      'audit.actorHandle',
      'audit.action',
      'audit.targetType',
      'audit.targetId',
      'audit.targetLabel',
      'audit.details',
      'audit.at',
    ])
    .$if(filter.action !== undefined, (qb) => qb.where('audit.action', '=', filter.action!))
    .$if(filter.actorId !== undefined, (qb) => qb.where('audit.actorId', '=', filter.actorId!))
    .$if(filter.after !== undefined, (qb) =>
      qb.where((eb) =>
        eb(eb.refTuple('audit.at', 'audit.id'), '<', eb.tuple(filter.after!.at, filter.after!.id)),
      ),
    )
    .orderBy('audit.at', 'desc')
    .orderBy('audit.id', 'desc')
    .limit(filter.limit)
    .execute();
}

import type { Kysely } from 'kysely';
import type { Actor } from '@outloud/contracts';
import type { IdentityDatabase } from '../identity/identity.tables.js';

/** One admin or moderator action, as the audit log keeps it. */
export interface AuditRecord {
  actor: Pick<Actor, 'id' | 'handle'>;
  /** Dotted and stable, e.g. `user.status`, `user.roles`, `settings.update`, `invitation.create`. */
  action: string;
  target: { type: string; id?: string | null; label?: string | null };
  details?: Record<string, unknown>;
}

/**
 * Writes an audit entry. Pass the transaction that makes the change, so the change and its
 * entry commit together (neither exists without the other).
 */
export async function recordAudit(
  db: Kysely<IdentityDatabase>,
  record: AuditRecord,
  now: Date,
): Promise<void> {
  await db
    .insertInto('identity.auditLog')
    .values({
      actorId: record.actor.id,
      actorHandle: record.actor.handle,
      action: record.action,
      targetType: record.target.type,
      targetId: record.target.id ?? null,
      targetLabel: record.target.label ?? null,
      details: JSON.stringify(record.details ?? {}),
      at: now,
    })
    .execute();
}

import { sql, type Kysely } from 'kysely';
import type { InvitationStatus, Role } from '@outloud/contracts';
import type { KeysetPosition } from '../core/keyset-cursor.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { isPlaceholder } from '../identity/placeholders.js';

export interface InvitationRow {
  id: string;
  email: string;
  roles: Role[];
  channelIds: string[];
  invitedById: string | null;
  invitedByHandle: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export interface InvitationFilter {
  /** Only this inviter's invitations (managers see their own). */
  invitedBy?: string | undefined;
  status?: InvitationStatus | undefined;
  after?: KeysetPosition | undefined;
  limit: number;
  now: Date;
}

/** Every SQL statement on `identity.invitations`. */
export class InvitationsRepository {
  constructor(private readonly db: Kysely<IdentityDatabase>) {}

  /**
   * Of these (lowercase) addresses, those that already have an account. An import's placeholder
   * is not one: inviting its address is how the person claims it.
   */
  async emailsWithAccounts(
    trx: Kysely<IdentityDatabase>,
    emails: readonly string[],
  ): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    const rows = await trx
      .selectFrom('identity.users')
      .select(sql<string>`lower(identity.users.email)`.as('email'))
      .where(sql<string>`lower(identity.users.email)`, 'in', [...emails])
      .where((eb) => eb.not(isPlaceholder(eb)))
      .execute();
    return new Set(rows.map((r) => r.email));
  }

  /** Invitations someone made since `since` (a daily cap on the emails one person causes). */
  async countSince(invitedBy: string, since: Date): Promise<number> {
    const { count } = await this.db
      .selectFrom('identity.invitations')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('invitedBy', '=', invitedBy)
      .where('createdAt', '>', since)
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  /** Ends the inviter's earlier pending invitations to these addresses: the newest link counts. */
  async revokePendingFrom(
    trx: Kysely<IdentityDatabase>,
    invitedBy: string,
    emails: readonly string[],
    now: Date,
  ): Promise<void> {
    if (emails.length === 0) return;
    await trx
      .updateTable('identity.invitations')
      .set({ revokedAt: now })
      .where('invitedBy', '=', invitedBy)
      .where(sql<string>`lower(email)`, 'in', [...emails])
      .where('acceptedAt', 'is', null)
      .where('revokedAt', 'is', null)
      .execute();
  }

  async insert(
    trx: Kysely<IdentityDatabase>,
    rows: {
      email: string;
      roles: Role[];
      channelIds: string[];
      tokenHash: string;
      invitedBy: string;
      createdAt: Date;
      expiresAt: Date;
    }[],
  ): Promise<{ id: string; email: string; expiresAt: Date }[]> {
    if (rows.length === 0) return [];
    return trx
      .insertInto('identity.invitations')
      .values(rows)
      .returning(['id', 'email', 'expiresAt'])
      .execute();
  }

  async list(filter: InvitationFilter): Promise<InvitationRow[]> {
    const { now, status } = filter;
    return this.db
      .selectFrom('identity.invitations as inv')
      .leftJoin('identity.users as inviter', 'inviter.id', 'inv.invitedBy')
      .select([
        'inv.id',
        'inv.email',
        'inv.roles',
        'inv.channelIds',
        'inv.invitedBy as invitedById',
        'inviter.handle as invitedByHandle',
        'inv.createdAt',
        'inv.expiresAt',
        'inv.acceptedAt',
        'inv.revokedAt',
      ])
      .$if(filter.invitedBy !== undefined, (qb) =>
        qb.where('inv.invitedBy', '=', filter.invitedBy!),
      )
      .$if(status === 'accepted', (qb) => qb.where('inv.acceptedAt', 'is not', null))
      .$if(status === 'revoked', (qb) =>
        qb.where('inv.acceptedAt', 'is', null).where('inv.revokedAt', 'is not', null),
      )
      .$if(status === 'pending' || status === 'expired', (qb) =>
        qb
          .where('inv.acceptedAt', 'is', null)
          .where('inv.revokedAt', 'is', null)
          .where('inv.expiresAt', status === 'pending' ? '>' : '<=', now),
      )
      .$if(filter.after !== undefined, (qb) =>
        qb.where((eb) =>
          eb(
            eb.refTuple('inv.createdAt', 'inv.id'),
            '<',
            eb.tuple(filter.after!.at, filter.after!.id),
          ),
        ),
      )
      .orderBy('inv.createdAt', 'desc')
      .orderBy('inv.id', 'desc')
      .limit(filter.limit)
      .execute();
  }

  /** The invitation, locked until the caller's transaction ends. */
  async lockById(trx: Kysely<IdentityDatabase>, id: string) {
    return trx
      .selectFrom('identity.invitations')
      .select(['id', 'email', 'invitedBy', 'acceptedAt', 'revokedAt', 'expiresAt'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  /** The invitation with this token hash, locked when `trx` is a transaction. */
  async findByTokenHash(trx: Kysely<IdentityDatabase>, tokenHash: string, lock: boolean) {
    return trx
      .selectFrom('identity.invitations')
      .select([
        'id',
        'email',
        'roles',
        'channelIds',
        'invitedBy',
        'acceptedAt',
        'revokedAt',
        'expiresAt',
      ])
      .where('tokenHash', '=', tokenHash)
      .$if(lock, (qb) => qb.forUpdate())
      .executeTakeFirst();
  }

  async revoke(trx: Kysely<IdentityDatabase>, id: string, now: Date): Promise<void> {
    await trx
      .updateTable('identity.invitations')
      .set({ revokedAt: now })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Marks the invitation accepted by `userId`; the address's other pending invitations end with
   * it (the person is in, those links have nothing left to do).
   */
  async accept(
    trx: Kysely<IdentityDatabase>,
    invitation: { id: string; email: string },
    userId: string,
    now: Date,
  ): Promise<void> {
    await trx
      .updateTable('identity.invitations')
      .set({ acceptedAt: now, acceptedBy: userId })
      .where('id', '=', invitation.id)
      .execute();
    await trx
      .updateTable('identity.invitations')
      .set({ revokedAt: now })
      .where(sql<string>`lower(email)`, '=', invitation.email.toLowerCase())
      .where('id', '!=', invitation.id)
      .where('acceptedAt', 'is', null)
      .where('revokedAt', 'is', null)
      .execute();
  }

  /** The invitation a person accepted when they signed up, if any. */
  async acceptedBy(
    userId: string,
  ): Promise<{ channelIds: string[]; invitedBy: string | null } | undefined> {
    return this.db
      .selectFrom('identity.invitations')
      .select(['channelIds', 'invitedBy'])
      .where('acceptedBy', '=', userId)
      .orderBy('acceptedAt', 'desc')
      .limit(1)
      .executeTakeFirst();
  }
}

import { sql, type Kysely } from 'kysely';
import type { Role, UserStatus } from '@outloud/contracts';
import type { KeysetPosition } from '../core/keyset-cursor.js';
import { lowerPrefixPattern } from '../core/like.js';
import type { PrivateUserRow } from '../identity/identity.logic.js';
import { PRIVATE_USER_COLUMNS } from '../identity/identity.repository.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';

export interface DirectoryFilter {
  /** Prefix of the handle, display name or email (case-insensitive). */
  q?: string | undefined;
  role?: Role | undefined;
  status?: UserStatus | undefined;
  after?: KeysetPosition | undefined;
  limit: number;
}

/** The people directory for admins, newest first; also how status changes read and write. */
export class PeopleRepository {
  constructor(private readonly db: Kysely<IdentityDatabase>) {}

  async list(filter: DirectoryFilter): Promise<PrivateUserRow[]> {
    const pattern = filter.q === undefined ? undefined : lowerPrefixPattern(filter.q);
    return this.db
      .selectFrom('identity.users as users')
      .select(PRIVATE_USER_COLUMNS)
      .$if(pattern !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('users.handle', 'like', pattern!),
            eb(sql<string>`lower(users.display_name)`, 'like', pattern!),
            eb(sql<string>`lower(users.email)`, 'like', pattern!),
          ]),
        ),
      )
      .$if(filter.role !== undefined, (qb) =>
        qb.where(sql<boolean>`${filter.role!} = any(users.roles)`),
      )
      .$if(filter.status !== undefined, (qb) => qb.where('users.status', '=', filter.status!))
      .$if(filter.after !== undefined, (qb) =>
        qb.where((eb) =>
          eb(
            eb.refTuple('users.createdAt', 'users.id'),
            '<',
            eb.tuple(filter.after!.at, filter.after!.id),
          ),
        ),
      )
      .orderBy('users.createdAt', 'desc')
      .orderBy('users.id', 'desc')
      .limit(filter.limit)
      .execute();
  }

  /** The person, locked until the caller's transaction ends. */
  async lockUser(
    trx: Kysely<IdentityDatabase>,
    id: string,
  ): Promise<(PrivateUserRow & { statusReason: string | null }) | undefined> {
    return trx
      .selectFrom('identity.users as users')
      .select([...PRIVATE_USER_COLUMNS, 'users.statusReason'])
      .where('users.id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  /** Active admins; counted under the admins lock so two changes cannot both pass the check. */
  async countActiveAdmins(trx: Kysely<IdentityDatabase>): Promise<number> {
    await sql`select pg_advisory_xact_lock(hashtext('outloud.identity.admins'))`.execute(trx);
    const { admins } = await trx
      .selectFrom('identity.users as users')
      .select((eb) => eb.fn.countAll<string>().as('admins'))
      .where(sql<boolean>`'admin' = any(users.roles)`)
      .where('users.status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(admins);
  }

  async setStatus(
    trx: Kysely<IdentityDatabase>,
    id: string,
    status: UserStatus,
    reason: string | null,
    now: Date,
  ): Promise<PrivateUserRow> {
    return trx
      .updateTable('identity.users as users')
      .set({ status, statusReason: reason, statusChangedAt: now })
      .where('users.id', '=', id)
      .returning(PRIVATE_USER_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  /** Ends every session of the person (their API tokens stop working through their status). */
  async deleteSessions(trx: Kysely<IdentityDatabase>, userId: string): Promise<void> {
    await trx.deleteFrom('identity.sessions').where('userId', '=', userId).execute();
  }
}

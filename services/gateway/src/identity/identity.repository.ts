import { sql, type Kysely } from 'kysely';
import type { Locale, Role } from '@outloud/contracts';
import { AppError } from '../core/errors.js';
import { lowerPrefixPattern } from '../core/like.js';
import {
  isVerificationPending,
  removesLastAdmin,
  type PrivateUserRow,
  type UserRow,
} from './identity.logic.js';
import type { IdentityDatabase } from './identity.tables.js';

export const USER_COLUMNS = [
  'users.id',
  'users.handle',
  'users.displayName',
  'users.roles',
  'users.createdAt',
  'users.bio',
  'users.title',
  'users.team',
  'users.timeZone',
  'users.skills',
  'users.avatarKey',
  'users.status',
] as const;
/** The public columns plus what only admins and the person see. */
export const PRIVATE_USER_COLUMNS = [
  ...USER_COLUMNS,
  'users.email',
  'users.emailVerifiedAt',
  'users.verificationRequired',
  'users.lastSeenAt',
  'users.locale',
] as const;
/** The public columns, as an insert or update returns them. */
export const RETURNED_USER = [
  'id',
  'handle',
  'displayName',
  'roles',
  'createdAt',
  'bio',
  'title',
  'team',
  'timeZone',
  'skills',
  'avatarKey',
  'status',
] as const;

/** The browser's language as recorded, and when. */
export interface BrowserLocaleRecord {
  browserLocale: Locale | null;
  browserLocaleAt: Date | null;
}

export interface SessionRecord {
  user: UserRow;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
  userLastSeenAt: Date | null;
  verificationPending: boolean;
}

export interface ApiTokenRecord {
  id: string;
  user: UserRow;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  userLastSeenAt: Date | null;
  verificationPending: boolean;
}

export interface ApiTokenSummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
}

export interface SessionSummaryRow {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  method: string;
}

function isUniqueViolation(error: unknown): error is { constraint?: string } {
  return (error as { code?: string } | null)?.code === '23505';
}

function userOf(row: UserRow): UserRow {
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.displayName,
    roles: row.roles,
    createdAt: row.createdAt,
    bio: row.bio,
    title: row.title,
    team: row.team,
    timeZone: row.timeZone,
    skills: row.skills,
    avatarKey: row.avatarKey,
    status: row.status,
  };
}

/** Every SQL statement on schema `identity`. */
export class IdentityRepository {
  constructor(private readonly db: Kysely<IdentityDatabase>) {}

  /**
   * Inserts a user (a member unless `roles` says more). Runs in the caller's transaction when
   * given one, so an invitation or setup token is spent in the same commit as the account.
   */
  async createUser(
    values: {
      email: string;
      handle: string;
      displayName: string;
      /** Null for people who sign in only through single sign-on. */
      passwordHash: string | null;
      roles?: Role[];
      emailVerified?: boolean;
      /** Admitted by the domain policy: confirm the address before anything else. */
      verificationRequired?: boolean;
      now: Date;
    },
    trx: Kysely<IdentityDatabase> = this.db,
  ): Promise<UserRow> {
    try {
      return await trx
        .insertInto('identity.users')
        .values({
          email: values.email,
          handle: values.handle,
          displayName: values.displayName,
          passwordHash: values.passwordHash,
          roles: values.roles ?? ['member'],
          emailVerifiedAt: values.emailVerified ? values.now : null,
          verificationRequired: values.verificationRequired ?? false,
          createdAt: values.now,
        })
        .returning(RETURNED_USER)
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error)) {
        if (error.constraint === 'users_handle_key') {
          throw new AppError('handle_taken', 'That handle is already taken.', {
            details: [{ field: 'handle', message: 'is already taken' }],
            cause: error,
          });
        }
        throw new AppError('email_taken', 'An account with that email already exists.', {
          details: [{ field: 'email', message: 'is already registered' }],
          cause: error,
        });
      }
      throw error;
    }
  }

  /** The account with that email (any status: callers decide what a suspended one may do). */
  async findCredentials(
    normalizedEmail: string,
  ): Promise<(UserRow & { passwordHash: string | null }) | undefined> {
    return this.db
      .selectFrom('identity.users as users')
      .select([...USER_COLUMNS, 'users.passwordHash'])
      .where(sql<string>`lower(users.email)`, '=', normalizedEmail)
      .executeTakeFirst();
  }

  async findUserByHandle(handle: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('identity.users as users')
      .select(USER_COLUMNS)
      .where('users.handle', '=', handle)
      .executeTakeFirst();
  }

  /**
   * Active people whose handle or display name starts with `prefix` (case-insensitive), by
   * handle: suspended and deactivated people are not offered for mentions.
   */
  async searchUsers(prefix: string, limit: number): Promise<UserRow[]> {
    const pattern = lowerPrefixPattern(prefix);
    return this.db
      .selectFrom('identity.users as users')
      .select(USER_COLUMNS)
      .where((eb) =>
        eb.or([
          eb('users.handle', 'like', pattern),
          eb(sql<string>`lower(users.display_name)`, 'like', pattern),
        ]),
      )
      .where('users.status', '=', 'active')
      .orderBy('users.handle')
      .limit(limit)
      .execute();
  }

  async findUsersByIds(ids: readonly string[]): Promise<UserRow[]> {
    if (!ids.length) return [];
    return this.db
      .selectFrom('identity.users as users')
      .select(USER_COLUMNS)
      .where('users.id', 'in', ids as string[])
      .execute();
  }

  /**
   * The person with what only admins and they themselves see (email, status, last seen), and
   * whether they have a password at all (people who sign in only through single sign-on do not).
   */
  async findPrivateUserById(
    id: string,
  ): Promise<(PrivateUserRow & BrowserLocaleRecord & { hasPassword: boolean }) | undefined> {
    return this.db
      .selectFrom('identity.users as users')
      .select([
        ...PRIVATE_USER_COLUMNS,
        sql<boolean>`users.password_hash is not null`.as('hasPassword'),
        // So `GET /me` can tell, without another query, whether the browser's language is news.
        'users.browserLocale',
        'users.browserLocaleAt',
      ])
      .where('users.id', '=', id)
      .executeTakeFirst();
  }

  async findUserById(id: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('identity.users as users')
      .select(USER_COLUMNS)
      .where('users.id', '=', id)
      .executeTakeFirst();
  }

  /**
   * Replaces a user's roles. Removing `admin` from the last active admin is refused (suspended
   * admins cannot sign in, so they do not count); the check and the update run under one lock so
   * two admins cannot demote each other at the same moment.
   */
  async updateRoles(
    id: string,
    roles: Role[],
    /** Runs in the same transaction after the update, e.g. to write the audit entry. */
    onChanged?: (trx: Kysely<IdentityDatabase>, before: Role[], after: UserRow) => Promise<void>,
  ): Promise<UserRow> {
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('outloud.identity.admins'))`.execute(trx);
      const current = await trx
        .selectFrom('identity.users as users')
        .select(['users.roles', 'users.status'])
        .where('users.id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw new AppError('user_not_found', 'No user with that id.');
      const { admins } = await trx
        .selectFrom('identity.users as users')
        .select((eb) => eb.fn.countAll<string>().as('admins'))
        .where(sql<boolean>`'admin' = any(users.roles)`)
        .where('users.status', '=', 'active')
        .executeTakeFirstOrThrow();
      if (current.status === 'active' && removesLastAdmin(current.roles, roles, Number(admins))) {
        throw new AppError('conflict', 'This is the last admin; make someone else admin first.');
      }
      const updated = await trx
        .updateTable('identity.users')
        .set({ roles })
        .where('id', '=', id)
        .returning(RETURNED_USER)
        .executeTakeFirstOrThrow();
      await onChanged?.(trx, current.roles, updated);
      return updated;
    });
  }

  // Sessions

  async createSession(
    values: {
      id: string;
      userId: string;
      csrfToken: string;
      expiresAt: Date;
      userAgent: string | null;
      method: string;
      now: Date;
    },
    trx: Kysely<IdentityDatabase> = this.db,
  ): Promise<void> {
    await trx
      .updateTable('identity.users')
      .set({ lastSeenAt: values.now })
      .where('id', '=', values.userId)
      .execute();
    await trx
      .insertInto('identity.sessions')
      .values({
        id: values.id,
        userId: values.userId,
        csrfToken: values.csrfToken,
        expiresAt: values.expiresAt,
        userAgent: values.userAgent,
        method: values.method,
        createdAt: values.now,
        lastSeenAt: values.now,
      })
      .execute();
  }

  /** The live session with that id and its (active) user, fresh from the database. */
  async findSession(id: string, now: Date): Promise<SessionRecord | undefined> {
    const row = await this.db
      .selectFrom('identity.sessions as sessions')
      .innerJoin('identity.users as users', 'users.id', 'sessions.userId')
      .select([
        ...USER_COLUMNS,
        'users.lastSeenAt as userLastSeenAt',
        'users.verificationRequired',
        'users.emailVerifiedAt',
        'sessions.csrfToken',
        'sessions.expiresAt',
        'sessions.lastSeenAt',
      ])
      .where('sessions.id', '=', id)
      .where('sessions.expiresAt', '>', now)
      .where('users.status', '=', 'active')
      .executeTakeFirst();
    return (
      row && {
        user: userOf(row),
        csrfToken: row.csrfToken,
        expiresAt: row.expiresAt,
        lastSeenAt: row.lastSeenAt,
        userLastSeenAt: row.userLastSeenAt,
        verificationPending: isVerificationPending(row),
      }
    );
  }

  /** Marks the session, and its person, as seen at `now` (one statement). */
  async touchSession(id: string, userId: string, now: Date): Promise<void> {
    await sql`with s as (update identity.sessions set last_seen_at = ${now} where id = ${id})
      update identity.users set last_seen_at = ${now} where id = ${userId}`.execute(this.db);
  }

  /** The person's sessions still valid at `now`, most recently used first. */
  async listSessions(userId: string, now: Date): Promise<SessionSummaryRow[]> {
    return this.db
      .selectFrom('identity.sessions')
      .select(['id', 'createdAt', 'lastSeenAt', 'userAgent', 'method'])
      .where('userId', '=', userId)
      .where('expiresAt', '>', now)
      .orderBy('lastSeenAt', 'desc')
      .orderBy('id')
      .limit(200)
      .execute();
  }

  /** Ends every session of the person except `keepId` (none kept when it is null). */
  async deleteSessionsOf(
    userId: string,
    keepId: string | null,
    trx: Kysely<IdentityDatabase> = this.db,
  ): Promise<number> {
    let query = trx.deleteFrom('identity.sessions').where('userId', '=', userId);
    if (keepId !== null) query = query.where('id', '!=', keepId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('identity.sessions').where('id', '=', id).execute();
  }

  async deleteSentEmailsBefore(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('identity.emails')
      .where('sentAt', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('identity.sessions')
      .where('expiresAt', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Of the given sessions and API tokens, the ones still valid at `now` (sessions not expired,
   * tokens neither revoked nor expired, their person active), in one query: what each gateway asks
   * about the credentials its open sockets were authenticated with.
   */
  async findValidCredentials(
    held: { sessionIds: readonly string[]; tokenIds: readonly string[] },
    now: Date,
  ): Promise<{ sessionIds: string[]; tokenIds: string[] }> {
    if (held.sessionIds.length === 0 && held.tokenIds.length === 0)
      return { sessionIds: [], tokenIds: [] };
    const { rows } = await sql<{ kind: 'session' | 'token'; id: string }>`
      select 'session' as kind, sessions.id
        from identity.sessions as sessions
        join identity.users as users on users.id = sessions.user_id
       where sessions.id = any(${[...held.sessionIds]}::text[]) and sessions.expires_at > ${now}
         and users.status = 'active'
      union all
      select 'token' as kind, tokens.id::text
        from identity.api_tokens as tokens
        join identity.users as users on users.id = tokens.user_id
       where tokens.id = any(${[...held.tokenIds]}::uuid[])
         and (tokens.expires_at is null or tokens.expires_at > ${now})
         and users.status = 'active'`.execute(this.db);
    return {
      sessionIds: rows.filter((r) => r.kind === 'session').map((r) => r.id),
      tokenIds: rows.filter((r) => r.kind === 'token').map((r) => r.id),
    };
  }

  // API tokens

  async createApiToken(values: {
    userId: string;
    name: string;
    tokenHash: string;
    expiresAt: Date | null;
    now: Date;
  }): Promise<string> {
    const row = await this.db
      .insertInto('identity.apiTokens')
      .values({
        userId: values.userId,
        name: values.name,
        tokenHash: values.tokenHash,
        expiresAt: values.expiresAt,
        createdAt: values.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The token with that hash, when it has not expired and its person is active. */
  async findApiToken(tokenHash: string, now: Date): Promise<ApiTokenRecord | undefined> {
    const row = await this.db
      .selectFrom('identity.apiTokens as tokens')
      .innerJoin('identity.users as users', 'users.id', 'tokens.userId')
      .select([
        ...USER_COLUMNS,
        'users.lastSeenAt as userLastSeenAt',
        'users.verificationRequired',
        'users.emailVerifiedAt',
        'tokens.id as tokenId',
        'tokens.expiresAt',
        'tokens.lastUsedAt',
      ])
      .where('tokens.tokenHash', '=', tokenHash)
      .where((eb) => eb.or([eb('tokens.expiresAt', 'is', null), eb('tokens.expiresAt', '>', now)]))
      .where('users.status', '=', 'active')
      .executeTakeFirst();
    return (
      row && {
        id: row.tokenId,
        user: userOf(row),
        expiresAt: row.expiresAt,
        lastUsedAt: row.lastUsedAt,
        userLastSeenAt: row.userLastSeenAt,
        verificationPending: isVerificationPending(row),
      }
    );
  }

  /** Marks the token, and its person, as used at `now` (one statement). */
  async touchApiToken(id: string, userId: string, now: Date): Promise<void> {
    await sql`with t as (update identity.api_tokens set last_used_at = ${now} where id = ${id})
      update identity.users set last_seen_at = ${now} where id = ${userId}`.execute(this.db);
  }

  async listApiTokens(userId: string): Promise<ApiTokenSummary[]> {
    return this.db
      .selectFrom('identity.apiTokens')
      .select(['id', 'name', 'createdAt', 'lastUsedAt', 'expiresAt'])
      .where('userId', '=', userId)
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .limit(100)
      .execute();
  }

  async countApiTokens(userId: string): Promise<number> {
    const { count } = await this.db
      .selectFrom('identity.apiTokens')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  /** Deletes one of the user's tokens; false when they have no token with that id. */
  async deleteApiToken(userId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('identity.apiTokens')
      .where('id', '=', id)
      .where('userId', '=', userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  // Failed sign-ins

  async insertLoginFailures(keys: string[], at: Date): Promise<number[]> {
    const rows = await this.db
      .insertInto('identity.loginFailures')
      .values(keys.map((key) => ({ key, at })))
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Times of the key's failures since `since`, newest first, at most `limit`. */
  async recentLoginFailures(key: string, since: Date, limit: number): Promise<Date[]> {
    const rows = await this.db
      .selectFrom('identity.loginFailures')
      .select('at')
      .where('key', '=', key)
      .where('at', '>', since)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.at);
  }

  async deleteLoginFailures(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('identity.loginFailures').where('id', 'in', ids).execute();
  }

  async clearLoginFailures(key: string): Promise<void> {
    await this.db.deleteFrom('identity.loginFailures').where('key', '=', key).execute();
  }

  async deleteLoginFailuresBefore(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('identity.loginFailures')
      .where('at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // Profiles

  /**
   * Writes profile fields (name, bio, title, team, time zone, skills, picture) of an active
   * person, returning them as they see themselves; undefined when there is no such person.
   */
  async updateProfile(
    id: string,
    changes: Partial<
      Pick<
        PrivateUserRow,
        'displayName' | 'bio' | 'title' | 'team' | 'timeZone' | 'skills' | 'avatarKey' | 'locale'
      >
    >,
    trx: Kysely<IdentityDatabase> = this.db,
  ): Promise<PrivateUserRow | undefined> {
    return trx
      .updateTable('identity.users')
      .set(changes)
      .where('id', '=', id)
      .where('status', '=', 'active')
      .returning([
        ...RETURNED_USER,
        'email',
        'emailVerifiedAt',
        'verificationRequired',
        'lastSeenAt',
        'locale',
      ])
      .executeTakeFirst();
  }

  /**
   * Locks the person's row for a profile change and reads what other services copy of it now
   * (name, picture, language).
   */
  async lockProfile(
    id: string,
    trx: Kysely<IdentityDatabase>,
  ): Promise<Pick<PrivateUserRow, 'displayName' | 'avatarKey' | 'locale'> | undefined> {
    return trx
      .selectFrom('identity.users')
      .select(['displayName', 'avatarKey', 'locale'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  // Browser language

  /**
   * Locks the person's row to record their browser's language, reading it and what an
   * announcement of the person carries.
   */
  async lockBrowserLocale(
    id: string,
    trx: Kysely<IdentityDatabase>,
  ): Promise<
    | (Pick<PrivateUserRow, 'id' | 'handle' | 'displayName' | 'avatarKey' | 'status' | 'locale'> &
        BrowserLocaleRecord)
    | undefined
  > {
    return trx
      .selectFrom('identity.users')
      .select([
        'id',
        'handle',
        'displayName',
        'avatarKey',
        'status',
        'locale',
        'browserLocale',
        'browserLocaleAt',
      ])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  async setBrowserLocale(
    id: string,
    browserLocale: Locale,
    now: Date,
    trx: Kysely<IdentityDatabase>,
  ): Promise<void> {
    await trx
      .updateTable('identity.users')
      .set({ browserLocale, browserLocaleAt: now })
      .where('id', '=', id)
      .execute();
  }
}

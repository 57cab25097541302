import { sql, type Kysely } from 'kysely';
import type { Role } from '@outloud/contracts';
import { RETURNED_USER, USER_COLUMNS } from '../identity.repository.js';
import type { UserRow } from '../identity.logic.js';
import type { IdentityDatabase } from '../identity.tables.js';

/** A sign-in under way at a provider, as stored when it started. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string | null;
}

/** Every SQL statement of single sign-on: logins under way, links to providers' subjects. */
export class OidcRepository {
  constructor(private readonly db: Kysely<IdentityDatabase>) {}

  async createLogin(values: {
    id: string;
    provider: string;
    login: PendingLogin;
    now: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('identity.oidcLogins')
      .values({
        id: values.id,
        provider: values.provider,
        ...values.login,
        createdAt: values.now,
        expiresAt: values.expiresAt,
      })
      .execute();
  }

  /** Deletes and returns the login, when it is unexpired and for that provider: it works once. */
  async takeLogin(id: string, provider: string, now: Date): Promise<PendingLogin | undefined> {
    const row = await this.db
      .deleteFrom('identity.oidcLogins')
      .where('id', '=', id)
      .returning(['provider', 'state', 'nonce', 'codeVerifier', 'returnTo', 'expiresAt'])
      .executeTakeFirst();
    if (!row || row.provider !== provider || row.expiresAt <= now) return undefined;
    return {
      state: row.state,
      nonce: row.nonce,
      codeVerifier: row.codeVerifier,
      returnTo: row.returnTo,
    };
  }

  /** Logins abandoned at the provider. */
  async deleteExpiredLogins(now: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('identity.oidcLogins')
      .where('expiresAt', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The person linked to the provider's subject, whatever their status. */
  async findLinkedUser(
    trx: Kysely<IdentityDatabase>,
    provider: string,
    subject: string,
  ): Promise<UserRow | undefined> {
    return trx
      .selectFrom('identity.oidcLinks as links')
      .innerJoin('identity.users as users', 'users.id', 'links.userId')
      .select(USER_COLUMNS)
      .where('links.provider', '=', provider)
      .where('links.subject', '=', subject)
      .executeTakeFirst();
  }

  async findUserByEmail(
    trx: Kysely<IdentityDatabase>,
    normalizedEmail: string,
  ): Promise<UserRow | undefined> {
    return trx
      .selectFrom('identity.users as users')
      .select(USER_COLUMNS)
      .where(sql<string>`lower(users.email)`, '=', normalizedEmail)
      .executeTakeFirst();
  }

  async link(
    trx: Kysely<IdentityDatabase>,
    values: { provider: string; subject: string; userId: string; email: string | null; now: Date },
  ): Promise<void> {
    await trx
      .insertInto('identity.oidcLinks')
      .values({
        provider: values.provider,
        subject: values.subject,
        userId: values.userId,
        email: values.email,
        createdAt: values.now,
      })
      .execute();
  }

  /** The first of `candidates` no one has as a handle yet, or undefined. */
  async freeHandle(
    trx: Kysely<IdentityDatabase>,
    candidates: readonly string[],
  ): Promise<string | undefined> {
    if (candidates.length === 0) return undefined;
    const taken = new Set(
      (
        await trx
          .selectFrom('identity.users')
          .select('handle')
          .where('handle', 'in', [...candidates])
          .execute()
      ).map((r) => r.handle),
    );
    return candidates.find((c) => !taken.has(c));
  }

  /**
   * Inserts a person who signs in only through single sign-on (no password). Undefined when the
   * handle was taken meanwhile, so the caller can try another; an email already registered
   * throws (unique violation).
   */
  async createSsoUser(
    trx: Kysely<IdentityDatabase>,
    values: {
      email: string;
      handle: string;
      displayName: string;
      roles: Role[];
      emailVerified: boolean;
      now: Date;
    },
  ): Promise<UserRow | undefined> {
    return trx
      .insertInto('identity.users')
      .values({
        email: values.email,
        handle: values.handle,
        displayName: values.displayName,
        passwordHash: null,
        roles: values.roles,
        emailVerifiedAt: values.emailVerified ? values.now : null,
        createdAt: values.now,
      })
      .onConflict((oc) => oc.column('handle').doNothing())
      .returning(RETURNED_USER)
      .executeTakeFirst();
  }

  /**
   * The pending invitation (not accepted, revoked or expired) for that address, locked until the
   * transaction ends so that it is spent once.
   */
  async findPendingInvitation(
    trx: Kysely<IdentityDatabase>,
    normalizedEmail: string,
    now: Date,
  ): Promise<{ id: string; email: string; roles: Role[] } | undefined> {
    return trx
      .selectFrom('identity.invitations')
      .select(['id', 'email', 'roles'])
      .where(sql<string>`lower(email)`, '=', normalizedEmail)
      .where('acceptedAt', 'is', null)
      .where('revokedAt', 'is', null)
      .where('expiresAt', '>', now)
      .orderBy('createdAt', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
  }
}

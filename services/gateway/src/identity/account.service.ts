import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { emailLocaleOf, type SessionSummary } from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { queueEmail } from '../mail/queue-email.js';
import { resetPasswordMessage, verifyEmailMessage } from '../mail/templates.js';
import { AccountRepository, type AccountRow } from './account.repository.js';
import { normalizeEmail } from './identity.logic.js';
import type { IdentityRepository } from './identity.repository.js';
import type { IdentityDatabase } from './identity.tables.js';
import { throttleKeys, retryAfterSeconds } from './login-throttle.js';
import { consumeOneTimeToken, issueOneTimeToken } from './one-time-tokens.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { randomSecret } from './secrets.js';
import type { CredentialChange } from './auth-cache.js';

export interface AccountDeps {
  db: Kysely<IdentityDatabase>;
  identityRepository: IdentityRepository;
  config: Pick<
    GatewayConfig,
    | 'PUBLIC_URL'
    | 'RESET_TOKEN_TTL_MINUTES'
    | 'VERIFY_TOKEN_TTL_HOURS'
    | 'RATE_PASSWORD_RESET_PER_HOUR'
  >;
  clock: () => Date;
  /** Told after a committed change to sessions or verification (see `Identity.credentialsChanged`). */
  credentialsChanged?: (change: CredentialChange) => Promise<void>;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * The id a session is shown under: derived from the session's key (itself the sha256 of the
 * cookie), so the list never reveals anything that authenticates.
 */
export function publicSessionId(sessionId: string): string {
  return createHash('sha256').update(`session:${sessionId}`).digest('hex').slice(0, 16);
}

/** A link into the web app's hash routes, e.g. `#/reset-password?token=…`. */
export function appLink(publicUrl: string, route: string, token: string): string {
  return new URL(`/#/${route}?token=${encodeURIComponent(token)}`, publicUrl).toString();
}

/**
 * Self-service for a person's own account: email verification, password reset and change, and
 * their sessions. Emails are queued in the transaction that issues their token.
 */
export function createAccount(deps: AccountDeps) {
  const { db, clock, config } = deps;
  const changed = deps.credentialsChanged ?? (async () => undefined);
  const accounts = new AccountRepository(db);
  const sessions = deps.identityRepository;

  async function queueVerification(trx: Kysely<IdentityDatabase>, user: AccountRow, now: Date) {
    const token = await issueOneTimeToken(trx, {
      purpose: 'verify_email',
      userId: user.id,
      email: normalizeEmail(user.email),
      now,
      ttlMs: config.VERIFY_TOKEN_TTL_HOURS * HOUR_MS,
    });
    const link = appLink(config.PUBLIC_URL, 'verify-email', token);
    const message = verifyEmailMessage(emailLocaleOf(user), {
      displayName: user.displayName,
      link,
      validHours: config.VERIFY_TOKEN_TTL_HOURS,
    });
    await queueEmail(trx, { purpose: 'verify_email', to: user.email, link, ...message }, now);
  }

  return {
    /**
     * Sends a confirmation link to a new person's address, unless it is confirmed already
     * (setup, invitations and single sign-on vouch for it). Earlier links stop working.
     */
    async sendVerification(userId: string): Promise<'sent' | 'verified'> {
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const user = await accounts.findById(userId, trx);
        if (!user || user.status !== 'active') {
          throw new AppError('unauthenticated', 'Sign in to continue.');
        }
        if (user.emailVerifiedAt !== null) return 'verified';
        await queueVerification(trx, user, now);
        return 'sent';
      });
    },

    /** Spends a verification link (400 `invalid_token` when unknown, used or expired). */
    async verifyEmail(token: string): Promise<void> {
      const now = clock();
      const userId = await db.transaction().execute(async (trx) => {
        const spent = await consumeOneTimeToken(trx, 'verify_email', token, now);
        if (spent.userId === null) throw new AppError('invalid_token', 'This link is not valid.');
        await accounts.markEmailVerified(trx, spent.userId, spent.email, now);
        return spent.userId;
      });
      await changed({ user: userId });
    },

    /**
     * Queues a reset link for an active account with a password. Whatever the address, the same
     * work is done and the caller answers the same: the request leaves a token row either way
     * (for an unknown address a decoy nobody receives), which also counts it towards the
     * per-address limit, so that limit does not tell who has an account either.
     */
    async requestPasswordReset(email: string): Promise<void> {
      const address = normalizeEmail(email);
      const max = config.RATE_PASSWORD_RESET_PER_HOUR;
      const now = clock();
      await db.transaction().execute(async (trx) => {
        await accounts.lockResetRequests(trx, address);
        const recent = await accounts.recentResetRequests(
          trx,
          address,
          new Date(now.getTime() - HOUR_MS),
          max,
        );
        if (recent.length >= max) {
          throw new AppError(
            'rate_limited',
            'Too many reset requests for this address. Try again later.',
            { retryAfterSeconds: retryAfterSeconds(recent, max, HOUR_MS, now) },
          );
        }
        const user = await accounts.findByEmail(address, trx);
        const eligible = user?.status === 'active' && user.passwordHash !== null;
        const ttlMs = config.RESET_TOKEN_TTL_MINUTES * 60_000;
        const token = await issueOneTimeToken(trx, {
          purpose: 'reset_password',
          userId: eligible ? user.id : null,
          email: address,
          now,
          ttlMs: eligible ? ttlMs : 0,
        });
        if (!eligible) return;
        const link = appLink(config.PUBLIC_URL, 'reset-password', token);
        const message = resetPasswordMessage(emailLocaleOf(user), {
          displayName: user.displayName,
          link,
          validMinutes: config.RESET_TOKEN_TTL_MINUTES,
        });
        await queueEmail(trx, { purpose: 'reset_password', to: user.email, link, ...message }, now);
      });
    },

    /**
     * Sets a new password with a reset link and ends every session of that person; they sign in
     * again with the new password. Returns their id (to close their sockets).
     */
    async resetPassword(token: string, password: string): Promise<string> {
      const passwordHash = await hashPassword(password);
      const now = clock();
      const userId = await db.transaction().execute(async (trx) => {
        const spent = await consumeOneTimeToken(trx, 'reset_password', token, now);
        const user = spent.userId === null ? undefined : await accounts.findById(spent.userId, trx);
        if (!user || user.status !== 'active') {
          throw new AppError(
            'invalid_token',
            'This link is invalid, already used or expired. Ask for a new one.',
          );
        }
        await accounts.setPassword(trx, user.id, passwordHash);
        // The link reached that inbox, which confirms the address.
        await accounts.markEmailVerified(trx, user.id, spent.email, now);
        await sessions.deleteSessionsOf(user.id, null, trx);
        // Someone locked out by failed sign-ins can use the new password at once.
        await trx
          .deleteFrom('identity.loginFailures')
          .where('key', '=', throttleKeys(normalizeEmail(user.email), '').account)
          .execute();
        return user.id;
      });
      await changed({ user: userId });
      return userId;
    },

    /** Changes the password after checking the current one; ends every session but `keepSessionId`. */
    async changePassword(
      userId: string,
      keepSessionId: string | null,
      currentPassword: string,
      newPassword: string,
    ): Promise<void> {
      const user = await accounts.findById(userId);
      if (!user) throw new AppError('unauthenticated', 'Sign in to continue.');
      if (user.passwordHash === null) {
        // Still costs one scrypt, like a wrong password.
        await verifyPassword(currentPassword, await hashPassword(randomSecret()));
        throw new AppError(
          'no_password',
          'Your account signs in through single sign-on and has no password here to change.',
        );
      }
      if (!(await verifyPassword(currentPassword, user.passwordHash))) {
        throw new AppError('wrong_password', 'The current password is not right.', {
          details: [{ field: 'currentPassword', message: 'is not your current password' }],
        });
      }
      const passwordHash = await hashPassword(newPassword);
      await db.transaction().execute(async (trx) => {
        await accounts.setPassword(trx, userId, passwordHash);
        await sessions.deleteSessionsOf(userId, keepSessionId, trx);
        // Password reset links asked for before the change no longer work.
        await trx
          .updateTable('identity.oneTimeTokens')
          .set({ usedAt: clock() })
          .where('userId', '=', userId)
          .where('purpose', '=', 'reset_password')
          .where('usedAt', 'is', null)
          .execute();
      });
      await changed({ user: userId });
    },

    /** The person's valid sessions, most recently used first; `current` marks the caller's. */
    async listSessions(userId: string, currentSessionId: string | null): Promise<SessionSummary[]> {
      const rows = await sessions.listSessions(userId, clock());
      return rows.map((row) => ({
        id: publicSessionId(row.id),
        createdAt: row.createdAt.toISOString(),
        lastSeenAt: row.lastSeenAt.toISOString(),
        userAgent: row.userAgent,
        current: row.id === currentSessionId,
        method: row.method,
      }));
    },

    /** Ends every session of the person but `keepSessionId`; returns how many ended. */
    async endOtherSessions(userId: string, keepSessionId: string | null): Promise<number> {
      const ended = await sessions.deleteSessionsOf(userId, keepSessionId);
      await changed({ user: userId });
      return ended;
    },

    /** Ends one of the person's sessions by its public id (404 when they have none such). */
    async endSession(userId: string, publicId: string): Promise<{ sessionId: string }> {
      const rows = await sessions.listSessions(userId, clock());
      const match = rows.find((row) => publicSessionId(row.id) === publicId);
      if (!match) throw new AppError('not_found', 'No such session.');
      await sessions.deleteSession(match.id);
      await changed({ session: match.id });
      return { sessionId: match.id };
    },
  };
}

export type Account = ReturnType<typeof createAccount>;

import { fastifyCookie } from '@fastify/cookie';
import type { Kysely } from 'kysely';
import type { NatsConnection } from '@outloud/bus';
import {
  names as subjectNames,
  type Actor,
  type CreateTokenResponse,
  type Locale,
  type LoginBody,
  type Names,
  type ProfileResponse,
  type RegisterBody,
  type Role,
  type InstanceSettings,
  type SetupBody,
  type User,
  type UserStats,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { recordAudit } from '../admin/audit.js';
import { acceptInvitation } from '../invitations/invitations.service.js';
import {
  normalizeEmail,
  normalizeRoles,
  toActor,
  toPrivateUser,
  toUser,
} from './identity.logic.js';
import { createAuthCache, type CachedCredential, type CredentialChange } from './auth-cache.js';
import { browserLocaleToRecord, preferredLocale } from './browser-locale.js';
import { IdentityRepository, type ApiTokenSummary } from './identity.repository.js';
import type { IdentityDatabase } from './identity.tables.js';
import { createLoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { API_TOKEN_PREFIX, newApiToken, randomSecret, sha256 } from './secrets.js';
import { newSession, SESSION_COOKIE, sessionIdOf, type NewSession } from './sessions.js';
import { readSettings } from './settings.repository.js';
import { OidcRepository } from './oidc/oidc.repository.js';
import { purgeOneTimeTokens } from './one-time-tokens.js';
import { claimPlaceholder } from './placeholders.js';
import { completeSetup } from './setup.js';
import { signupRefusal } from './signup-policy.js';
import { enqueueUserChanged } from './user-events.js';

/** A person's contribution figures, owned by the feed service. */
export interface ProfileStats {
  stats: UserStats;
  topTags: { tag: string; score: number }[];
}
/** Figures about `userId` counted over what `viewer` may see. */
export type ProfileStatsSource = (userId: string, viewer: Actor) => Promise<ProfileStats>;

/** Zeros, for an instance (or a test) without a feed to ask. */
export const emptyProfileStats: ProfileStatsSource = async () => ({
  stats: { tips: 0, questions: 0, answers: 0, acceptedAnswers: 0, helpfulVotes: 0 },
  topTags: [],
});

/** The session (by id, the sha256 of its cookie) or API token a socket was opened with. */
export type Credential = { via: 'session'; id: string } | { via: 'token'; id: string };

/** Where a sign-in came from, kept with the session for the person's sessions list. */
export interface SignInContext {
  userAgent?: string | undefined;
  /** The request's `Accept-Language`: its best supported language is recorded for emails. */
  acceptLanguage?: string | string[] | undefined;
}

/** Browsers send long user agents; the sessions list needs only the start. */
const USER_AGENT_MAX = 300;

/** Who made a request and how they proved it. */
export type Authentication = (
  | { via: 'session'; actor: Actor; user: User; sessionId: string; csrfToken: string }
  | { via: 'token'; actor: Actor; user: User; tokenId: string }
) & {
  /** Let in by the email-domain policy and not yet confirmed: only the confirmation works. */
  verificationPending: boolean;
};

export interface IdentityDeps {
  db: Kysely<IdentityDatabase>;
  config: Pick<
    GatewayConfig,
    | 'SESSION_TTL_HOURS'
    | 'RATE_LOGIN_MAX'
    | 'RATE_LOGIN_IP_MAX'
    | 'RATE_LOGIN_WINDOW_MINUTES'
    | 'OUTLOUD_PREFIX'
  >;
  clock: () => Date;
  profileStats: ProfileStatsSource;
  /** Subject names for the identity outbox: the bus's; made from `OUTLOUD_PREFIX` without one. */
  names?: Pick<Names, 'subject'> | undefined;
  /** With it, credential changes reach the other gateways' caches (see `createAuthCache`). */
  nc?: NatsConnection | undefined;
  onError?: (err: unknown) => void;
}

/** Timestamps of use are written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;
/** Sent emails stay on the admins' outbox page this long. */
const SENT_EMAILS_KEPT_MS = 30 * 24 * 60 * 60 * 1000;
/** API tokens one person may hold at once: all of them fit on one page of the tokens list. */
const MAX_API_TOKENS = 100;
/** Longer cookie or token values are not ours; don't bother hashing them. */
const MAX_SECRET_LENGTH = 200;

const INVALID_CREDENTIALS = 'The email or password is incorrect.';

function signupClosed(): AppError {
  return new AppError(
    'signup_closed',
    'New accounts need an invitation here. Ask an admin or your manager to invite you.',
  );
}

/** Users, sign-in, sessions and API tokens. Usable from HTTP routes and socket handshakes alike. */
export function createIdentity(deps: IdentityDeps) {
  const { clock } = deps;
  const repository = new IdentityRepository(deps.db);
  const sessionTtlMs = deps.config.SESSION_TTL_HOURS * 60 * 60 * 1000;
  const names = deps.names ?? subjectNames(deps.config.OUTLOUD_PREFIX);
  const throttle = createLoginThrottle({
    repository,
    clock,
    accountMax: deps.config.RATE_LOGIN_MAX,
    ipMax: deps.config.RATE_LOGIN_IP_MAX,
    windowMs: deps.config.RATE_LOGIN_WINDOW_MINUTES * 60 * 1000,
  });
  // Unknown emails still cost one scrypt, so response times do not reveal who has an account.
  let dummyHash: Promise<string> | undefined;
  // Requests resolve their credential from memory; changes are announced to every gateway.
  const credentials = createAuthCache<Authentication>({
    clock,
    bus: deps.nc ? { nc: deps.nc, names } : undefined,
    onError: deps.onError,
  });

  /**
   * Notes a use of the credential at most once a minute per gateway (people's "last seen" and the
   * sessions list), not on every request.
   */
  async function touch(
    credential: CachedCredential<Authentication>,
    now: Date,
    write: () => Promise<void>,
  ): Promise<void> {
    const last = credential.lastSeenAt;
    if (last && now.getTime() - last.getTime() < TOUCH_INTERVAL_MS) return;
    credential.lastSeenAt = now; // before the write, so that requests meanwhile do not repeat it
    await write();
  }

  async function startSession(
    userId: string,
    method: string,
    context: SignInContext,
    trx: Kysely<IdentityDatabase> = deps.db,
  ): Promise<NewSession> {
    const now = clock();
    const session = newSession(now, sessionTtlMs);
    const userAgent = context.userAgent?.slice(0, USER_AGENT_MAX) ?? null;
    await repository.createSession({ ...session, userId, userAgent, method, now }, trx);
    await recordBrowserLocale(userId, preferredLocale(context.acceptLanguage), 'sign-in', trx);
    return session;
  }

  /**
   * Stores the language the person's browser asked for when it is news (see
   * `browserLocaleToRecord`) and announces it, so digests follow it too. Runs in the caller's
   * transaction when given one (a new account and its language commit together).
   */
  async function recordBrowserLocale(
    userId: string,
    seen: Locale | null,
    occasion: 'sign-in' | 'visit',
    within: Kysely<IdentityDatabase> = deps.db,
  ): Promise<void> {
    if (seen === null) return;
    const record = async (trx: Kysely<IdentityDatabase>) => {
      const now = clock();
      const row = await repository.lockBrowserLocale(userId, trx);
      const browserLocale = row && browserLocaleToRecord(seen, row, now, occasion);
      if (!row || !browserLocale) return;
      await repository.setBrowserLocale(userId, browserLocale, now, trx);
      await enqueueUserChanged(trx, names, { ...row, browserLocale }, null, now);
    };
    await (within.isTransaction ? record(within) : deps.db.transaction().execute(record));
  }

  /** The instance's settings, refusing with 403 when password sign-in is turned off. */
  async function requirePasswordLogin(): Promise<InstanceSettings> {
    const settings = await readSettings(deps.db);
    if (!settings.passwordLogin) {
      throw new AppError(
        'password_login_disabled',
        'Sign-in with a password is turned off here: use your organisation’s single sign-on.',
      );
    }
    return settings;
  }

  async function sessionAuth(token: string): Promise<Authentication | null> {
    if (!token || token.length > MAX_SECRET_LENGTH) return null;
    const id = sessionIdOf(token);
    const credential = await credentials.resolve(`session:${id}`, async () => {
      const found = await repository.findSession(id, clock());
      return (
        found && {
          value: {
            via: 'session' as const,
            actor: toActor(found.user),
            user: toUser(found.user),
            sessionId: id,
            csrfToken: found.csrfToken,
            verificationPending: found.verificationPending,
          },
          userId: found.user.id,
          credentialId: id,
          expiresAt: found.expiresAt,
          lastSeenAt: found.lastSeenAt,
        }
      );
    });
    if (!credential) return null;
    const now = clock();
    await touch(credential, now, () => repository.touchSession(id, credential.userId, now));
    return credential.value;
  }

  async function tokenAuth(token: string): Promise<Authentication | null> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > MAX_SECRET_LENGTH) return null;
    const hash = sha256(token);
    const credential = await credentials.resolve(`token:${hash}`, async () => {
      const found = await repository.findApiToken(hash, clock());
      return (
        found && {
          value: {
            via: 'token' as const,
            actor: toActor(found.user),
            user: toUser(found.user),
            tokenId: found.id,
            verificationPending: found.verificationPending,
          },
          userId: found.user.id,
          credentialId: found.id,
          expiresAt: found.expiresAt,
          lastSeenAt: found.lastUsedAt,
        }
      );
    });
    if (!credential) return null;
    const now = clock();
    const { credentialId, userId } = credential;
    await touch(credential, now, () => repository.touchApiToken(credentialId, userId, now));
    return credential.value;
  }

  /**
   * Sign-up through an invitation, whatever the sign-up policy: the invitation is checked and
   * spent, the account made with its roles, and the session started in one transaction. The
   * address counts as verified: the link reached it.
   */
  async function registerInvited(
    body: RegisterBody,
    token: string,
    context: SignInContext,
  ): Promise<{ user: User; session: NewSession }> {
    const passwordHash = await hashPassword(body.password);
    const now = clock();
    const created = await deps.db.transaction().execute(async (trx) => {
      const invitation = await acceptInvitation(trx, token, body.email, now);
      const account = {
        email: body.email.trim(),
        handle: body.handle,
        displayName: body.displayName.trim() || body.handle,
        passwordHash,
        roles: invitation.roles,
      };
      // An import may have kept this person's contributions under a placeholder: it becomes theirs.
      const claimed = await claimPlaceholder(trx, names, { ...account, now });
      const row =
        claimed ?? (await repository.createUser({ ...account, emailVerified: true, now }, trx));
      await invitation.accept(row.id);
      return {
        user: toUser(row),
        session: await startSession(row.id, 'password', context, trx),
        claimed: claimed !== undefined,
      };
    });
    if (created.claimed) await credentials.changed({ user: created.user.id });
    return { user: created.user, session: created.session };
  }

  const identity = {
    repository,
    startSession,

    /**
     * Call after a committed change that ends or alters credentials (sessions, tokens, roles,
     * status, verification, profile): every gateway stops trusting what it kept of them.
     */
    credentialsChanged: (change: CredentialChange): Promise<void> => credentials.changed(change),

    /** Stops listening for other gateways' credential changes. */
    stop(): void {
      credentials.stop();
    },

    /**
     * Creates a member account with a password where the sign-up policy allows it (403
     * `signup_closed` otherwise) and signs them in.
     */
    async register(
      body: RegisterBody,
      context: SignInContext = {},
    ): Promise<{ user: User; session: NewSession }> {
      const settings = await requirePasswordLogin();
      if (body.inviteToken !== undefined) return registerInvited(body, body.inviteToken, context);
      if (signupRefusal(settings, body.email, false) !== null) throw signupClosed();
      const passwordHash = await hashPassword(body.password);
      const row = await repository.createUser({
        email: body.email.trim(),
        handle: body.handle,
        displayName: body.displayName.trim() || body.handle,
        passwordHash,
        // Anyone can type an address at an allowed domain: owning it is proven by its link.
        verificationRequired: settings.signup === 'domain',
        now: clock(),
      });
      return { user: toUser(row), session: await startSession(row.id, 'password', context) };
    },

    /** Creates the first admin with the one-time setup token printed at first start. */
    async setup(
      body: SetupBody,
      context: SignInContext = {},
    ): Promise<{ user: User; session: NewSession }> {
      const passwordHash = await hashPassword(body.password);
      const now = clock();
      return completeSetup(deps.db, body.token, now, async (trx) => {
        const row = await repository.createUser(
          {
            email: body.email.trim(),
            handle: body.handle,
            displayName: body.displayName.trim() || body.handle,
            passwordHash,
            roles: ['member', 'admin'],
            emailVerified: true,
            now,
          },
          trx,
        );
        return { user: toUser(row), session: await startSession(row.id, 'setup', context, trx) };
      });
    },

    /** Checks credentials under the failed sign-in limit; throws `invalid_credentials` or `rate_limited`. */
    async login(
      body: LoginBody,
      ip: string,
      context: SignInContext = {},
    ): Promise<{ user: User; session: NewSession }> {
      await requirePasswordLogin();
      const email = normalizeEmail(body.email);
      const attempt = await throttle.begin(email, ip);
      const found = await repository.findCredentials(email);
      const hash = found?.passwordHash ?? (await (dummyHash ??= hashPassword(randomSecret())));
      const valid = await verifyPassword(body.password, hash);
      if (!found || !found.passwordHash || !valid) {
        throw new AppError('invalid_credentials', INVALID_CREDENTIALS);
      }
      await attempt.succeeded();
      // Only someone who knows the password learns that the account is not active.
      if (found.status !== 'active') {
        throw new AppError(
          'account_inactive',
          'This account is suspended or deactivated. Ask an admin of your Outloud.',
        );
      }
      return { user: toUser(found), session: await startSession(found.id, 'password', context) };
    },

    /**
     * The signed-in person as they see themselves (with email and status). Their browser's
     * language is recorded when it is news (compared here first: usually nothing is written).
     */
    async me(userId: string, context: Pick<SignInContext, 'acceptLanguage'> = {}): Promise<User> {
      const row = await repository.findPrivateUserById(userId);
      if (!row) throw new AppError('unauthenticated', 'Sign in to continue.');
      const seen = preferredLocale(context.acceptLanguage);
      if (browserLocaleToRecord(seen, row, clock(), 'visit') !== null) {
        await recordBrowserLocale(userId, seen, 'visit');
      }
      return { ...toPrivateUser(row), hasPassword: row.hasPassword };
    },

    async logout(sessionId: string): Promise<void> {
      await repository.deleteSession(sessionId);
      await credentials.changed({ session: sessionId });
    },

    /**
     * Resolves credentials to the user (roles included), from memory unless a change was
     * announced since (see `credentialsChanged`). A bearer token, when given, is the only credential
     * considered.
     */
    async authenticate(credentials: {
      sessionToken?: string;
      bearerToken?: string;
    }): Promise<Authentication | null> {
      if (credentials.bearerToken !== undefined) return tokenAuth(credentials.bearerToken);
      if (credentials.sessionToken !== undefined) return sessionAuth(credentials.sessionToken);
      return null;
    },

    /** For non-HTTP entry points (socket.io handshakes): the actor behind a Cookie header or token. */
    async resolveActor(input: {
      cookieHeader?: string;
      bearerToken?: string;
    }): Promise<Actor | null> {
      return (await identity.authenticateSocket(input))?.actor ?? null;
    },

    /** For socket handshakes: the actor and the credential they proved it with, to re-check later. */
    async authenticateSocket(input: {
      cookieHeader?: string;
      bearerToken?: string;
    }): Promise<{ actor: Actor; credential: Credential } | null> {
      const sessionToken = input.cookieHeader
        ? fastifyCookie.parse(input.cookieHeader)[SESSION_COOKIE]
        : undefined;
      const auth = await identity.authenticate({
        ...(input.bearerToken ? { bearerToken: input.bearerToken } : {}),
        ...(sessionToken ? { sessionToken } : {}),
      });
      // Live updates carry content: nothing for someone who has yet to confirm their address.
      if (!auth || auth.verificationPending) return null;
      const credential: Credential =
        auth.via === 'session'
          ? { via: 'session', id: auth.sessionId }
          : { via: 'token', id: auth.tokenId };
      return { actor: auth.actor, credential };
    },

    /**
     * Of the credentials held by open sockets, those no longer valid (session ended or expired,
     * token revoked, person deleted), in one query.
     */
    async endedCredentials(held: readonly Credential[]): Promise<Credential[]> {
      const sessionIds = held.filter((c) => c.via === 'session').map((c) => c.id);
      const tokenIds = held.filter((c) => c.via === 'token').map((c) => c.id);
      const valid = await repository.findValidCredentials({ sessionIds, tokenIds }, clock());
      const live = new Set([
        ...valid.sessionIds.map((id) => `session:${id}`),
        ...valid.tokenIds.map((id) => `token:${id}`),
      ]);
      return held.filter((c) => !live.has(`${c.via}:${c.id}`));
    },

    async createApiToken(
      userId: string,
      name: string,
      expiresAt: Date | null = null,
    ): Promise<CreateTokenResponse> {
      const now = clock();
      if (expiresAt !== null && expiresAt <= now) {
        throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
          details: [{ field: 'expiresAt', message: 'must be in the future' }],
        });
      }
      if ((await repository.countApiTokens(userId)) >= MAX_API_TOKENS) {
        throw new AppError(
          'conflict',
          `You have ${MAX_API_TOKENS} API tokens, the most one person may hold; revoke one first.`,
        );
      }
      const token = newApiToken();
      const id = await repository.createApiToken({
        userId,
        name: name.trim() || 'token',
        tokenHash: sha256(token),
        expiresAt,
        now,
      });
      return { token, id };
    },

    async listApiTokens(userId: string): Promise<ApiTokenSummary[]> {
      return repository.listApiTokens(userId);
    },

    async revokeApiToken(userId: string, id: string): Promise<void> {
      if (!(await repository.deleteApiToken(userId, id)))
        throw new AppError('not_found', 'No such token.');
      await credentials.changed({ token: id });
    },

    async profile(handle: string, viewer: Actor): Promise<ProfileResponse> {
      const row = await repository.findUserByHandle(handle.toLowerCase());
      if (!row) throw new AppError('user_not_found', 'No user with that handle.');
      const { stats, topTags } = await deps.profileStats(row.id, viewer);
      return { user: toUser(row), stats, topTags };
    },

    async searchUsers(prefix: string, limit: number): Promise<User[]> {
      return (await repository.searchUsers(prefix, limit)).map(toUser);
    },

    async findUsers(ids: readonly string[]): Promise<Map<string, User>> {
      return new Map((await repository.findUsersByIds(ids)).map((row) => [row.id, toUser(row)]));
    },

    async findUserByHandle(handle: string): Promise<User | null> {
      const row = await repository.findUserByHandle(handle.toLowerCase());
      return row ? toUser(row) : null;
    },

    async findUser(id: string): Promise<User | null> {
      const row = await repository.findUserById(id);
      return row ? toUser(row) : null;
    },

    /** Replaces a person's roles; the change and its audit entry commit together. */
    async updateRoles(actor: Actor, userId: string, roles: Role[]): Promise<User> {
      const now = clock();
      const row = await repository.updateRoles(
        userId,
        normalizeRoles(roles),
        async (trx, before, after) => {
          await recordAudit(
            trx,
            {
              actor,
              action: 'user.roles',
              target: { type: 'user', id: after.id, label: after.handle },
              details: { before: normalizeRoles(before), after: after.roles },
            },
            now,
          );
        },
      );
      await credentials.changed({ user: userId });
      return toUser(row);
    },

    /**
     * Deletes what has run out: expired sessions, failed sign-ins older than the window, one-time
     * tokens and single sign-on attempts that expired, and sent emails older than a month.
     */
    async purgeExpired(): Promise<{
      sessions: number;
      loginFailures: number;
      oneTimeTokens: number;
      ssoLogins: number;
      sentEmails: number;
    }> {
      const now = clock();
      const sessions = await repository.deleteExpiredSessions(now);
      const loginFailures = await throttle.purge();
      const oneTimeTokens = await purgeOneTimeTokens(deps.db, now);
      const ssoLogins = await new OidcRepository(deps.db).deleteExpiredLogins(now);
      const sentEmails = await repository.deleteSentEmailsBefore(
        new Date(now.getTime() - SENT_EMAILS_KEPT_MS),
      );
      return { sessions, loginFailures, oneTimeTokens, ssoLogins, sentEmails };
    },
  };
  return identity;
}

export type Identity = ReturnType<typeof createIdentity>;

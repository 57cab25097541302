import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import { names as subjectNames, type User } from '@outloud/contracts';
import type { GatewayConfig } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { normalizeEmail, normalizeRoles, toUser, type UserRow } from '../identity.logic.js';
import type { Identity, SignInContext } from '../identity.service.js';
import type { IdentityDatabase } from '../identity.tables.js';
import { claimPlaceholder } from '../placeholders.js';
import { randomSecret, sha256 } from '../secrets.js';
import type { NewSession } from '../sessions.js';
import { readSettings } from '../settings.repository.js';
import { signupRefusal } from '../signup-policy.js';
import type { OidcProviderConfig } from './oidc-config.js';
import type { OidcDiscovery } from './oidc-discovery.js';
import {
  callbackUrl,
  displayNameOf,
  handleCandidates,
  readClaims,
  SsoFailure,
  type SsoClaims,
} from './oidc.logic.js';
import { InvitationsRepository } from '../../invitations/invitations.repository.js';
import { OidcRepository } from './oidc.repository.js';

/** How long a person has at the provider between starting and coming back. */
export const LOGIN_TTL_MS = 10 * 60 * 1000;

export interface OidcSignInDeps {
  db: Kysely<IdentityDatabase>;
  config: Pick<GatewayConfig, 'OIDC_PROVIDERS' | 'PUBLIC_URL' | 'OUTLOUD_PREFIX'>;
  clock: () => Date;
  identity: Pick<Identity, 'startSession'>;
  discovery: OidcDiscovery;
}

export interface SsoSignedIn {
  user: User;
  /** True when the account was made by this sign-in. */
  created: boolean;
  session: NewSession;
  returnTo: string | null;
}

/** Whether a new person may come in, and the invitation that lets them where there is one. */
interface Admission {
  invitation: Awaited<ReturnType<OidcRepository['findPendingInvitation']>>;
  refusal: string | null;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

/**
 * Single sign-on with OpenID Connect: the authorization code flow with PKCE, state and nonce,
 * then the person behind the provider's subject (linked before, matched by verified email, or
 * new where the sign-up policy allows).
 */
export function createOidcSignIn(deps: OidcSignInDeps) {
  const { db, clock, discovery } = deps;
  const repository = new OidcRepository(db);
  const names = subjectNames(deps.config.OUTLOUD_PREFIX);
  const byId = new Map(deps.config.OIDC_PROVIDERS.map((p) => [p.id, p]));

  function providerOf(id: string): OidcProviderConfig {
    const provider = byId.get(id);
    if (!provider) throw new AppError('not_found', 'No such sign-in provider.');
    return provider;
  }

  async function configurationOf(provider: OidcProviderConfig): Promise<client.Configuration> {
    try {
      return await discovery.configurationOf(provider);
    } catch (error) {
      throw new AppError('unavailable', `${provider.name} cannot be reached; try again shortly.`, {
        cause: error,
      });
    }
  }

  /** The ID token's claims, completed from UserInfo when the token carries no email. */
  async function claimsOf(
    configuration: client.Configuration,
    tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  ): Promise<SsoClaims> {
    const idToken = tokens.claims();
    if (!idToken) throw new SsoFailure('sso_failed', 'the provider returned no ID token');
    let userInfo: Record<string, unknown> = {};
    if (typeof idToken.email !== 'string' && configuration.serverMetadata().userinfo_endpoint) {
      userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
    }
    return readClaims(idToken, userInfo);
  }

  /** Whether someone new may come in (by the policy or an invitation), and the invitation. */
  async function admit(
    trx: Kysely<IdentityDatabase>,
    claims: SsoClaims & { email: string },
    now: Date,
  ): Promise<Admission> {
    const settings = await readSettings(trx);
    // An unverified address proves nothing: it opens neither an invitation nor an allowed domain.
    const invitation = claims.emailVerified
      ? await repository.findPendingInvitation(trx, normalizeEmail(claims.email), now)
      : undefined;
    const refusal = signupRefusal(settings, claims.email, invitation !== undefined);
    const refused = refusal !== null || (settings.signup === 'domain' && !claims.emailVerified);
    return { invitation, refusal: refused ? (refusal ?? 'unverified') : null };
  }

  /** Remembers that the provider's subject is this person, for their next sign-ins. */
  async function linkSubject(
    trx: Kysely<IdentityDatabase>,
    providerId: string,
    claims: SsoClaims & { email: string },
    userId: string,
    now: Date,
  ): Promise<void> {
    await repository.link(trx, {
      provider: providerId,
      subject: claims.sub,
      userId,
      email: claims.email,
      now,
    });
  }

  /**
   * An account just made or claimed for someone: their invitation accepted (as when signing up
   * with the link, the address's other pending invitations end too) and the provider linked.
   */
  async function welcome(
    trx: Kysely<IdentityDatabase>,
    providerId: string,
    claims: SsoClaims & { email: string },
    row: UserRow,
    invitation: Admission['invitation'],
    now: Date,
  ): Promise<UserRow> {
    if (invitation) await new InvitationsRepository(trx).accept(trx, invitation, row.id, now);
    await linkSubject(trx, providerId, claims, row.id, now);
    return row;
  }

  /**
   * Gives an import's placeholder with this verified address to the person, where an invitation
   * or the policy would let them in as someone new; undefined when the account is no placeholder.
   */
  async function claimPerson(
    trx: Kysely<IdentityDatabase>,
    providerId: string,
    existing: UserRow,
    claims: SsoClaims & { email: string },
    now: Date,
  ): Promise<UserRow | undefined> {
    if (existing.status !== 'deactivated' || !claims.emailVerified) return undefined;
    const { invitation, refusal } = await admit(trx, claims, now);
    // Refused, the placeholder stays inactive and the sign-in says so.
    if (refusal !== null) return undefined;
    const row = await claimPlaceholder(trx, names, {
      email: claims.email,
      handle: existing.handle,
      displayName: claims.name?.trim()
        ? displayNameOf(claims, existing.handle)
        : existing.displayName,
      passwordHash: null,
      roles: normalizeRoles(invitation?.roles ?? []),
      now,
    });
    return row ? welcome(trx, providerId, claims, row, invitation, now) : undefined;
  }

  /** Makes the account of someone new, where the policy or an invitation lets them in. */
  async function createPerson(
    trx: Kysely<IdentityDatabase>,
    providerId: string,
    claims: SsoClaims & { email: string },
    now: Date,
  ): Promise<UserRow> {
    const { invitation, refusal } = await admit(trx, claims, now);
    if (refusal !== null) {
      throw new SsoFailure('signup_closed', `sign-up policy refused a new person (${refusal})`);
    }
    const candidates = handleCandidates(claims, () => String(randomInt(1000, 10_000)));
    for (let round = 0; round < 3; round++) {
      const handle = await repository.freeHandle(trx, candidates);
      if (!handle) break;
      const row = await repository.createSsoUser(trx, {
        email: claims.email,
        handle,
        displayName: displayNameOf(claims, handle),
        roles: normalizeRoles(invitation?.roles ?? []),
        emailVerified: claims.emailVerified,
        now,
      });
      if (row) return welcome(trx, providerId, claims, row, invitation, now);
      candidates.splice(candidates.indexOf(handle), 1);
    }
    throw new SsoFailure('sso_failed', 'no free handle for the new person');
  }

  /**
   * The person signing in: linked, matched by verified email and linked, an import's placeholder
   * claimed, or new.
   */
  async function personOf(
    trx: Kysely<IdentityDatabase>,
    providerId: string,
    claims: SsoClaims,
    now: Date,
  ): Promise<{ row: UserRow; created: boolean }> {
    const linked = await repository.findLinkedUser(trx, providerId, claims.sub);
    if (linked) return { row: linked, created: false };
    if (!claims.email) throw new SsoFailure('sso_no_email', 'the provider gave no email address');
    const existing = await repository.findUserByEmail(trx, normalizeEmail(claims.email));
    if (existing) {
      if (!claims.emailVerified) {
        throw new SsoFailure(
          'sso_email_unverified',
          'an account has this email but the provider does not say it is verified',
        );
      }
      if (existing.status === 'active') {
        await linkSubject(trx, providerId, { ...claims, email: claims.email }, existing.id, now);
      }
      // A claimed placeholder is a first sign-in: it joins channels like a new account.
      const claimed = await claimPerson(
        trx,
        providerId,
        existing,
        { ...claims, email: claims.email },
        now,
      );
      return claimed ? { row: claimed, created: true } : { row: existing, created: false };
    }
    return {
      row: await createPerson(trx, providerId, { ...claims, email: claims.email }, now),
      created: true,
    };
  }

  return {
    /** Providers to offer on the sign-in page, in configured order. */
    providers(): { id: string; name: string }[] {
      return deps.config.OIDC_PROVIDERS.map((p) => ({ id: p.id, name: p.name }));
    },

    /**
     * Starts a sign-in: the provider's authorization URL, and the value for the browser's
     * cookie that alone can finish it. 404 for an unknown provider, 503 when it cannot be reached.
     */
    async start(
      providerId: string,
      returnTo: string | null,
    ): Promise<{ authorizationUrl: string; loginKey: string }> {
      const provider = providerOf(providerId);
      const configuration = await configurationOf(provider);
      const now = clock();
      const login = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
        returnTo,
      };
      const loginKey = randomSecret();
      await repository.deleteExpiredLogins(now);
      await repository.createLogin({
        id: sha256(loginKey),
        provider: provider.id,
        login,
        now,
        expiresAt: new Date(now.getTime() + LOGIN_TTL_MS),
      });
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: callbackUrl(deps.config.PUBLIC_URL, provider.id),
        scope: provider.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(login.codeVerifier),
        code_challenge_method: 'S256',
        state: login.state,
        nonce: login.nonce,
      });
      return { authorizationUrl: url.href, loginKey };
    },

    /**
     * Finishes a sign-in from the provider's callback (`query` is the raw query string). The
     * login started by this browser is spent whatever happens. Throws `SsoFailure` when no session
     * may start, `AppError` `not_found` for an unknown provider.
     */
    async finish(
      providerId: string,
      loginKey: string | undefined,
      query: string,
      context: SignInContext,
    ): Promise<SsoSignedIn> {
      const provider = providerOf(providerId);
      const now = clock();
      const login =
        loginKey && loginKey.length <= 100
          ? await repository.takeLogin(sha256(loginKey), provider.id, now)
          : undefined;
      if (!login) throw new SsoFailure('sso_failed', 'no sign-in under way in this browser');
      const params = new URLSearchParams(query);
      const providerError = params.get('error');
      if (providerError !== null) {
        throw new SsoFailure(
          providerError === 'access_denied' ? 'sso_cancelled' : 'sso_failed',
          `the provider answered ${providerError.slice(0, 60)}`,
        );
      }
      let configuration: client.Configuration;
      try {
        configuration = await discovery.configurationOf(provider);
      } catch (error) {
        throw new SsoFailure('sso_unavailable', 'the provider cannot be reached', { cause: error });
      }
      const currentUrl = new URL(callbackUrl(deps.config.PUBLIC_URL, provider.id));
      currentUrl.search = query;
      let claims: SsoClaims;
      try {
        const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
          pkceCodeVerifier: login.codeVerifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
        claims = await claimsOf(configuration, tokens);
      } catch (error) {
        if (error instanceof SsoFailure) throw error;
        throw new SsoFailure('sso_failed', 'the authorization response or tokens were refused', {
          cause: error,
        });
      }
      if (!claims.sub) throw new SsoFailure('sso_failed', 'the ID token has no subject');

      try {
        const { row, created, session } = await db.transaction().execute(async (trx) => {
          const found = await personOf(trx, provider.id, claims, now);
          // Only someone the provider vouches for learns that the account is not active.
          if (found.row.status !== 'active') {
            throw new SsoFailure('account_inactive', 'the account is suspended or deactivated');
          }
          const started = await deps.identity.startSession(
            found.row.id,
            `oidc:${provider.id}`,
            context,
            trx,
          );
          return { ...found, session: started };
        });
        return { user: toUser(row), created, session, returnTo: login.returnTo };
      } catch (error) {
        if (error instanceof SsoFailure) throw error;
        // Two first sign-ins of one person at once, or an email taken meanwhile.
        if (isUniqueViolation(error)) {
          throw new SsoFailure('sso_failed', 'the account changed meanwhile; sign in again', {
            cause: error,
          });
        }
        throw error;
      }
    },
  };
}

export type OidcSignIn = ReturnType<typeof createOidcSignIn>;

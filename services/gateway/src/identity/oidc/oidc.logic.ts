import { ProfileLimits } from '@outloud/contracts';

/**
 * Why a single sign-on did not end in a session; the web app's sign-in page explains each
 * (`#/signin?error=<code>`).
 */
export const SsoErrors = {
  /** Anything about the exchange itself: wrong state or nonce, a replay, an expired start. */
  sso_failed: 'sso_failed',
  /** The provider could not be reached. */
  sso_unavailable: 'sso_unavailable',
  /** The person cancelled or was refused at the provider. */
  sso_cancelled: 'sso_cancelled',
  /** The provider gave no email address, which an account here needs. */
  sso_no_email: 'sso_no_email',
  /** An account has this email, but the provider does not vouch for the address. */
  sso_email_unverified: 'sso_email_unverified',
  /** The sign-up policy does not let this new person in. */
  signup_closed: 'signup_closed',
  account_inactive: 'account_inactive',
} as const;
export type SsoError = keyof typeof SsoErrors;

/** A sign-in that ends without a session, with the code shown to the person. */
export class SsoFailure extends Error {
  constructor(
    readonly code: SsoError,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SsoFailure';
  }
}

const RETURN_TO_MAX = 300;

/**
 * The app location to land on after signing in, when `raw` is one: a hash route of this app
 * (`#/…`). Anything else, an absolute or protocol-relative URL above all, is dropped, so the
 * sign-in cannot be used to send people elsewhere.
 */
export function safeReturnTo(raw: string | undefined): string | null {
  if (raw === undefined || raw.length > RETURN_TO_MAX || raw.startsWith('#//')) return null;
  return /^#\/[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/.test(raw) ? raw : null;
}

/** `PUBLIC_URL` with one trailing slash, the base of every address the browser is sent to. */
export function appBase(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/`;
}

/** Where the browser lands after a sign-in (the app at `returnTo`, else its home). */
export function landingUrl(publicUrl: string, returnTo: string | null): string {
  return `${appBase(publicUrl)}${returnTo ?? '#/'}`;
}

/** Where the browser lands when a sign-in fails: the sign-in page, saying why. */
export function failureUrl(publicUrl: string, code: SsoError): string {
  return `${appBase(publicUrl)}#/signin?error=${code}`;
}

/** The provider's callback address registered at the provider (the OIDC `redirect_uri`). */
export function callbackUrl(publicUrl: string, providerId: string): string {
  return `${appBase(publicUrl)}api/v1/auth/oidc/${providerId}/callback`;
}

/** What the provider tells about the person, from the ID token (and UserInfo where needed). */
export interface SsoClaims {
  sub: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  preferredUsername: string | null;
}

const HANDLE_MAX = 30;
const HANDLE_MIN = 3;
const HANDLE_BASE_MAX = HANDLE_MAX - 5; // room for "_" and a four-digit suffix

function handleBase(claims: Pick<SsoClaims, 'email' | 'preferredUsername'>): string {
  const source = claims.preferredUsername ?? claims.email ?? '';
  const local = source.includes('@') ? source.slice(0, source.lastIndexOf('@')) : source;
  const cleaned = local
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, HANDLE_BASE_MAX)
    .replace(/_$/, '');
  return cleaned.length >= HANDLE_MIN ? cleaned : `${cleaned || 'user'}_sso`.slice(0, HANDLE_MAX);
}

/**
 * Handles to try, in order, for a new person: from their provider user name or email's local
 * part, then with random four-digit suffixes (`digits()` gives them) until one is free.
 */
export function handleCandidates(
  claims: Pick<SsoClaims, 'email' | 'preferredUsername'>,
  digits: () => string,
  count = 6,
): string[] {
  const base = handleBase(claims);
  const suffixed = Array.from({ length: count - 1 }, () => `${base}_${digits()}`);
  return [...new Set([base, ...suffixed])];
}

/** The new person's display name: their name at the provider, else their user name or handle. */
export function displayNameOf(
  claims: Pick<SsoClaims, 'name' | 'preferredUsername'>,
  handle: string,
) {
  const name = (claims.name ?? '').trim() || (claims.preferredUsername ?? '').trim() || handle;
  return name.slice(0, ProfileLimits.displayNameMax);
}

/** Reads the claims Outloud uses; `email_verified` counts only when it is literally true. */
export function readClaims(
  raw: Record<string, unknown>,
  fallback: Record<string, unknown> = {},
): SsoClaims {
  const text = (key: string): string | null => {
    const value = raw[key] ?? fallback[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const email = text('email');
  const emailSource = typeof raw.email === 'string' ? raw : fallback;
  return {
    sub: typeof raw.sub === 'string' ? raw.sub : '',
    email: email && email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null,
    emailVerified: emailSource.email_verified === true,
    name: text('name'),
    preferredUsername: text('preferred_username'),
  };
}

/** Single sign-on in the web app: where its buttons lead and what its errors mean. */

/**
 * The address that starts a sign-in at provider `id`, coming back to `returnTo` (a hash route of
 * this app; anything else is left out, as the gateway would ignore it).
 */
export function ssoStartHref(id: string, returnTo: string | null = null): string {
  const path = `/api/v1/auth/oidc/${encodeURIComponent(id)}/start`;
  if (returnTo === null || !returnTo.startsWith('#/') || returnTo.length > 300) return path;
  return `${path}?${new URLSearchParams({ returnTo }).toString()}`;
}

/** Hash routes that make no sense to come back to after signing in. */
const NOT_RETURNED_TO = /^#\/(signin|signup|setup|forgot-password|reset-password|invite)(\?|\/|$)/;

/** Where to come back after signing in from this page: the page itself, unless it is a sign-in page. */
export function returnToOf(hash: string): string | null {
  if (!hash.startsWith('#/') || hash === '#/' || NOT_RETURNED_TO.test(hash)) return null;
  return hash;
}

const MESSAGES: Record<string, string> = {
  sso_failed: 'Single sign-on did not complete. Please try again.',
  sso_cancelled: 'Sign-in was cancelled at your identity provider.',
  sso_unavailable: 'Your identity provider could not be reached. Try again in a moment.',
  sso_no_email:
    'Your identity provider did not share an email address, which Outloud needs. Ask an admin.',
  sso_email_unverified:
    'An account with your email already exists, but your identity provider did not confirm ' +
    'the address. Sign in with your password, or ask an admin.',
  signup_closed:
    'You do not have an account here yet, and new accounts need an invitation. Ask an admin ' +
    'or your manager to invite you.',
  account_inactive: 'This account is suspended or deactivated. Ask an admin of your Outloud.',
};

/** A readable sentence for an `#/signin?error=<code>`; a generic one for codes it does not know. */
export function ssoErrorMessage(code: string): string {
  return Object.hasOwn(MESSAGES, code)
    ? MESSAGES[code]!
    : 'Sign-in did not complete. Please try again.';
}

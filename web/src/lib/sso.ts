/** Single sign-on in the web app: where its buttons lead and what its errors mean. */
import { translate } from '../i18n';

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

/** Codes the gateway puts in `#/signin?error=<code>`, each with its message. */
const ssoErrors = [
  'sso_failed',
  'sso_cancelled',
  'sso_unavailable',
  'sso_no_email',
  'sso_email_unverified',
  'signup_closed',
  'account_inactive',
] as const;
type SsoError = (typeof ssoErrors)[number];

function isSsoError(code: string): code is SsoError {
  return (ssoErrors as readonly string[]).includes(code);
}

/** A readable sentence for an `#/signin?error=<code>`; a generic one for codes it does not know. */
export function ssoErrorMessage(code: string): string {
  return isSsoError(code) ? translate(`auth.sso.error.${code}`) : translate('auth.sso.errorOther');
}

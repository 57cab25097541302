import type { InstanceSettings } from '@outloud/contracts';

/** Why someone may not create an account here, or null when they may. */
export type SignupRefusal = 'signup_closed' | 'domain_not_allowed' | null;

/** The domain part of an address, lowercased (`Ada@Example.COM` → `example.com`). */
export function emailDomain(email: string): string {
  return email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}

/**
 * Whether a new account for `email` is allowed under the instance's sign-up policy. A valid
 * invitation lets its person in whatever the policy; otherwise `open` lets anyone in, `domain`
 * only addresses at an allowed domain (or one of its subdomains), `invite` nobody.
 */
export function signupRefusal(
  settings: Pick<InstanceSettings, 'signup' | 'allowedDomains'>,
  email: string,
  invited: boolean,
): SignupRefusal {
  if (invited || settings.signup === 'open') return null;
  if (settings.signup === 'invite') return 'signup_closed';
  const domain = emailDomain(email);
  const allowed = settings.allowedDomains.some(
    (d) => domain === d.toLowerCase() || domain.endsWith(`.${d.toLowerCase()}`),
  );
  return allowed ? null : 'domain_not_allowed';
}

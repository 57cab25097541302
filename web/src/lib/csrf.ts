// GET /me does not return the CSRF token, so the one from register/login is kept for the tab's
// lifetime. sessionStorage (not localStorage) keeps it scoped to the tab, like the session.
const key = 'outloud.csrfToken';

export function readCsrfToken(): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null; // storage disabled: requests fall back to fetching a fresh token
  }
}

export function storeCsrfToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, token);
  } catch {
    // storage disabled: writes then fetch a fresh token when refused (see api.ts)
  }
}

import type { LoginBody, RegisterBody, SessionResponse, User } from '@outloud/contracts';
import { createContext } from 'svelte';
import { ApiError, api, errorMessage, refreshCsrfToken } from './api';
import { readCsrfToken, storeCsrfToken } from './csrf';

/** Who is signed in, and the actions that change it. */
export class Session {
  /** The signed-in person, or null when signed out. */
  user = $state<User | null>(null);
  /** False until the first `GET /me` has answered. */
  ready = $state(false);
  /** Why the session could not be determined (e.g. the gateway is down). */
  error = $state<string | null>(null);

  async init(): Promise<void> {
    try {
      const { user } = await api.me();
      this.user = user;
      // Best effort: without a token the first write fetches one (see api.ts).
      if (readCsrfToken() === null) await refreshCsrfToken().catch(() => false);
    } catch (error) {
      this.user = null;
      if (error instanceof ApiError && error.status === 401) storeCsrfToken(null);
      else this.error = errorMessage(error);
    } finally {
      this.ready = true;
    }
  }

  async signUp(body: RegisterBody): Promise<void> {
    this.#accept(await api.register(body));
  }

  async signIn(body: LoginBody): Promise<void> {
    this.#accept(await api.login(body));
  }

  async signOut(): Promise<void> {
    await api.logout();
    storeCsrfToken(null);
    this.user = null;
  }

  #accept({ user, csrfToken }: SessionResponse): void {
    storeCsrfToken(csrfToken);
    this.user = user;
    this.error = null;
  }
}

const [getSession, setSession] = createContext<Session>();

/** `setSession` is called once by the root component; `getSession` by any descendant. */
export { getSession, setSession };

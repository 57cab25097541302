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
    await this.#loadOwnView();
  }

  async signIn(body: LoginBody): Promise<void> {
    this.#accept(await api.login(body));
    await this.#loadOwnView();
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

  /**
   * Signing in answers with the public profile; `GET /me` adds what only the person sees (email,
   * whether it is confirmed), which the settings page needs. Best effort: signed in either way.
   */
  async #loadOwnView(): Promise<void> {
    const id = this.user?.id;
    try {
      const { user } = await api.me();
      if (this.user?.id === id) this.user = user;
    } catch {
      // Keep the profile from the sign-in answer; a reload fetches the rest.
    }
  }
}

const [getSession, setSession] = createContext<Session>();

/** `setSession` is called once by the root component; `getSession` by any descendant. */
export { getSession, setSession };

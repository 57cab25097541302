import { randomBytes } from 'node:crypto';
import type { SessionResponse, User } from '@outloud/contracts';

/** A signed-in person talking to the public API with a session cookie and CSRF token. */
export class ApiClient {
  cookie = '';
  csrfToken = '';
  user: User | undefined;

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      headers: response.headers,
    };
  }

  /**
   * Creates the instance's first admin with the one-time setup token (`stack.setupToken`) and
   * keeps their session.
   */
  async setup(
    token: string,
    overrides: Partial<{
      email: string;
      handle: string;
      displayName: string;
      password: string;
    }> = {},
  ): Promise<User> {
    const handle = overrides.handle ?? `a${randomBytes(5).toString('hex')}`;
    const result = await this.request<SessionResponse>('POST', '/auth/setup', {
      token,
      email: overrides.email ?? `${handle}@example.test`,
      password: overrides.password ?? 'correct horse battery',
      displayName: overrides.displayName ?? `Admin ${handle}`,
      handle,
    });
    if (result.status !== 201)
      throw new Error(`setup failed: ${result.status} ${JSON.stringify(result.body)}`);
    this.csrfToken = result.body.csrfToken;
    this.user = result.body.user;
    return result.body.user;
  }

  /** Registers a fresh random person and keeps their session. */
  async register(
    overrides: Partial<{
      email: string;
      handle: string;
      displayName: string;
      password: string;
    }> = {},
  ): Promise<User> {
    const handle = overrides.handle ?? `u${randomBytes(5).toString('hex')}`;
    const result = await this.request<SessionResponse>('POST', '/auth/register', {
      email: overrides.email ?? `${handle}@example.test`,
      password: overrides.password ?? 'correct horse battery',
      displayName: overrides.displayName ?? `Person ${handle}`,
      handle,
    });
    if (result.status !== 201)
      throw new Error(`register failed: ${result.status} ${JSON.stringify(result.body)}`);
    this.csrfToken = result.body.csrfToken;
    this.user = result.body.user;
    return result.body.user;
  }
}

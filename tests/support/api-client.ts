import { randomBytes } from 'node:crypto';
import type { Post, SessionResponse, User } from '@outloud/contracts';

/** What a new account is made of (random unless a test says otherwise). */
interface NewAccount {
  email: string;
  handle: string;
  displayName: string;
  password: string;
}

/** A signed-in person talking to the public API with a session cookie and CSRF token. */
export class ApiClient {
  /** A new person registered on the instance at `baseUrl`, signed in. */
  static async registered(
    baseUrl: string,
    overrides: Partial<NewAccount> = {},
  ): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    await client.register(overrides);
    return client;
  }

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

  /** Creates the instance's first admin with the setup link's token and keeps their session. */
  async setup(token: string, overrides: Partial<NewAccount> = {}): Promise<User> {
    return this.createAccount('/auth/setup', { token }, 'Admin', overrides);
  }

  /** Registers a fresh random person and keeps their session. */
  async register(overrides: Partial<NewAccount> = {}): Promise<User> {
    return this.createAccount('/auth/register', {}, 'Person', overrides);
  }

  /** Posts into a channel (no tags unless given); throws with the reply when it is not 201. */
  async post(channelId: string, fields: Record<string, unknown>): Promise<Post> {
    const created = await this.request<{ post: Post }>('POST', '/posts', {
      channelId,
      tags: [],
      ...fields,
    });
    if (created.status !== 201)
      throw new Error(`POST /posts failed: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.post;
  }

  /** Both ways of making an account: random details unless given, then the session kept. */
  private async createAccount(
    path: string,
    extra: Record<string, string>,
    namePrefix: string,
    overrides: Partial<NewAccount>,
  ): Promise<User> {
    const handle = overrides.handle ?? `u${randomBytes(5).toString('hex')}`;
    const result = await this.request<SessionResponse>('POST', path, {
      ...extra,
      email: overrides.email ?? `${handle}@example.test`,
      password: overrides.password ?? 'correct horse battery',
      displayName: overrides.displayName ?? `${namePrefix} ${handle}`,
      handle,
    });
    if (result.status !== 201)
      throw new Error(`${path} failed: ${result.status} ${JSON.stringify(result.body)}`);
    this.csrfToken = result.body.csrfToken;
    this.user = result.body.user;
    return result.body.user;
  }
}

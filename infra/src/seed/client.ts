/** How the seed signs its requests: an API token, or a session cookie with its CSRF token. */
export type SeedAuth = { token: string } | { cookie: string; csrfToken: string };

export interface SeedReply {
  status: number;
  body: unknown;
  /** `name=value; …` of the cookies the reply set (sign-in and registration). */
  cookie: string;
}

/** One request to the public API (paths below `/api/v1`). */
export type SeedSend = (request: {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  auth?: SeedAuth;
}) => Promise<SeedReply>;

export function authHeaders(auth: SeedAuth | undefined): Record<string, string> {
  if (!auth) return {};
  if ('token' in auth) return { authorization: `Bearer ${auth.token}` };
  return { cookie: auth.cookie, 'x-csrf-token': auth.csrfToken };
}

/** Sends over HTTP to a running gateway at `baseUrl`. */
export function httpSend(baseUrl: string): SeedSend {
  const root = baseUrl.replace(/\/+$/, '');
  return async ({ method, path, body, auth }) => {
    const response = await fetch(`${root}/api/v1${path}`, {
      method,
      headers: {
        ...authHeaders(auth),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0] ?? '')
      .filter(Boolean)
      .join('; ');
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      cookie,
    };
  };
}

/** A reply other than the expected status, with what the API said. */
export class SeedRequestError extends Error {
  constructor(method: string, path: string, reply: SeedReply) {
    super(
      `${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`,
    );
    this.name = 'SeedRequestError';
  }
}

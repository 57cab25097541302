import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Adapter, AdapterPayload, Configuration } from 'oidc-provider';

/** A client (relying party) the test provider knows. */
export interface TestOidcClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

/** The claims of a person who can sign in at the test provider, by `sub`. */
export interface TestOidcAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
}

export interface TestOidcProvider extends AsyncDisposable {
  /** The issuer identifier (`http://127.0.0.1:<port>`), for discovery. */
  readonly issuer: string;
  /**
   * Adds or replaces a client, e.g. once the app's callback address is known (a stack picks its
   * port when it starts). Takes effect for the next authorization request.
   */
  setClient(client: TestOidcClient): void;
  /** Adds or replaces a person. */
  setAccount(sub: string, claims: TestOidcAccount): void;
  close(): Promise<void>;
}

interface Stored {
  payload: AdapterPayload;
  expiresAt: number;
}

/**
 * In-memory storage for the provider's models. Clients come from `clients` (so they can change
 * while the provider runs); everything else is kept per model, keyed by id.
 */
function memoryAdapter(clients: Map<string, TestOidcClient>) {
  const models = new Map<string, Map<string, Stored>>();
  const storeOf = (name: string) => {
    let store = models.get(name);
    if (!store) models.set(name, (store = new Map<string, Stored>()));
    return store;
  };
  const live = (entry: Stored | undefined) =>
    entry && entry.expiresAt > Date.now() ? entry.payload : undefined;

  return (name: string): Adapter => {
    const store = storeOf(name);
    return {
      async upsert(id, payload, expiresIn) {
        store.set(id, {
          payload,
          expiresAt: expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000,
        });
      },
      async find(id) {
        if (name === 'Client') {
          const client = clients.get(id);
          // openid-client sends the secret in the body by default; most providers accept both.
          return client && { ...client, token_endpoint_auth_method: 'client_secret_post' };
        }
        return live(store.get(id));
      },
      async findByUid(uid) {
        for (const entry of store.values()) if (entry.payload.uid === uid) return live(entry);
        return undefined;
      },
      async findByUserCode(userCode) {
        for (const entry of store.values())
          if (entry.payload.userCode === userCode) return live(entry);
        return undefined;
      },
      async consume(id) {
        const entry = store.get(id);
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(id);
      },
      async revokeByGrantId(grantId) {
        for (const model of models.values())
          for (const [id, entry] of model) if (entry.payload.grantId === grantId) model.delete(id);
      },
    };
  };
}

/** One RSA signing key for ID tokens (so the provider does not fall back to its development key). */
function signingKeys(): Configuration['jwks'] {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' }] };
}

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 and a free port, for sign-in tests.
 * Its sign-in page is oidc-provider's development page: any password is accepted for a known
 * `sub` typed as the login. Consent is given on the person's behalf, as a company provider does
 * for its own apps, so a sign-in is: authorize → log in → back to the client.
 */
export async function startOidcProvider(options: {
  clients: TestOidcClient[];
  accounts: Record<string, TestOidcAccount>;
}): Promise<TestOidcProvider> {
  const clients = new Map(options.clients.map((c) => [c.client_id, c]));
  const accounts = new Map(Object.entries(options.accounts));
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  // Loaded on first use: the module warns about the Node version when imported, which would
  // otherwise print in every test file that imports the test kit.
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, {
    adapter: memoryAdapter(clients),
    jwks: signingKeys(),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    features: { devInteractions: { enabled: true } },
    ttl: { Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    pkce: { required: () => true },
    async findAccount(_ctx, sub) {
      const claims = accounts.get(sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...claims }) };
    },
    // Consent given on the person's behalf: a grant of what the client asked for.
    async loadExistingGrant(ctx) {
      const { oidc } = ctx;
      if (!oidc.client || !oidc.session?.accountId) return undefined;
      const existing = oidc.session.grantIdFor(oidc.client.clientId);
      if (existing) return oidc.provider.Grant.find(existing);
      const grant = new oidc.provider.Grant({
        clientId: oidc.client.clientId,
        accountId: oidc.session.accountId,
      });
      const scope = oidc.params?.scope;
      grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
      await grant.save();
      oidc.session.grantIdFor(oidc.client.clientId, grant.jti);
      return grant;
    },
  });
  const handle = provider.callback();
  server.on('request', (request, response) => {
    void handle(request, response);
  });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }));
  return {
    issuer,
    setClient(client: TestOidcClient) {
      clients.set(client.client_id, client);
    },
    setAccount(sub: string, claims: TestOidcAccount) {
      accounts.set(sub, claims);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

import * as client from 'openid-client';
import type { OidcProviderConfig } from './oidc-config.js';

/** Seconds a provider has to answer discovery, token and UserInfo requests. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * The openid-client configuration of each provider, discovered on first use and kept. A failed
 * discovery is not kept, so the next sign-in tries again (a provider that was down comes back).
 */
export function createOidcDiscovery() {
  const cache = new Map<string, Promise<client.Configuration>>();

  const discover = (provider: OidcProviderConfig) =>
    client.discovery(
      new URL(provider.issuer),
      provider.clientId,
      provider.clientSecret,
      undefined,
      {
        // The configuration accepts http issuers only on this machine (tests, trials).
        execute:
          new URL(provider.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [],
        timeout: PROVIDER_TIMEOUT_SECONDS,
      },
    );

  return {
    configurationOf(provider: OidcProviderConfig): Promise<client.Configuration> {
      let found = cache.get(provider.id);
      if (!found) {
        found = discover(provider);
        cache.set(provider.id, found);
        found.catch(() => {
          if (cache.get(provider.id) === found) cache.delete(provider.id);
        });
      }
      return found;
    },
  };
}

export type OidcDiscovery = ReturnType<typeof createOidcDiscovery>;

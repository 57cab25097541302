import { describe, expect, it } from 'vitest';
import { ConfigError } from '@outloud/ops';
import { readGatewayConfig } from '../../config.js';
import { oidcVariable, readOidcProviders } from './oidc-config.js';

const corp = {
  OIDC_PROVIDERS: 'corp',
  OIDC_CORP_ISSUER: 'https://login.example.com/tenant',
  OIDC_CORP_CLIENT_ID: 'outloud',
  OIDC_CORP_CLIENT_SECRET: 's3cret-value',
};

describe('readOidcProviders', () => {
  it('has no providers when OIDC_PROVIDERS is unset or empty', () => {
    expect(readOidcProviders({})).toEqual({ providers: [], problems: [] });
    expect(readOidcProviders({ OIDC_PROVIDERS: ' ' })).toEqual({ providers: [], problems: [] });
  });

  it('reads a provider with the default name and scopes', () => {
    expect(readOidcProviders(corp)).toEqual({
      providers: [
        {
          id: 'corp',
          name: 'corp',
          issuer: 'https://login.example.com/tenant',
          clientId: 'outloud',
          clientSecret: 's3cret-value',
          scopes: 'openid email profile',
        },
      ],
      problems: [],
    });
  });

  it('reads several providers, their names and scopes, adding openid when missing', () => {
    const { providers, problems } = readOidcProviders({
      ...corp,
      OIDC_PROVIDERS: 'corp, okta-eu',
      OIDC_CORP_NAME: 'Contoso',
      OIDC_OKTA_EU_ISSUER: 'http://127.0.0.1:9000',
      OIDC_OKTA_EU_CLIENT_ID: 'id',
      OIDC_OKTA_EU_CLIENT_SECRET: 'secret',
      OIDC_OKTA_EU_SCOPES: 'email  groups',
    });
    expect(problems).toEqual([]);
    expect(providers.map((p) => [p.id, p.name, p.scopes])).toEqual([
      ['corp', 'Contoso', 'openid email profile'],
      ['okta-eu', 'okta-eu', 'openid email groups'],
    ]);
  });

  it('names every missing variable of every provider', () => {
    const { providers, problems } = readOidcProviders({ OIDC_PROVIDERS: 'a,b' });
    expect(providers).toEqual([]);
    for (const id of ['a', 'b'])
      for (const suffix of ['ISSUER', 'CLIENT_ID', 'CLIENT_SECRET'])
        expect(problems.some((p) => p.startsWith(`${oidcVariable(id, suffix)} is required`))).toBe(
          true,
        );
    expect(problems).toHaveLength(6);
  });

  it('refuses bad and repeated ids', () => {
    const { problems } = readOidcProviders({ ...corp, OIDC_PROVIDERS: 'corp,Corp,corp,a_b,' });
    expect(problems).toEqual([
      expect.stringContaining('"Corp"'),
      expect.stringContaining('names "corp" twice'),
      expect.stringContaining('"a_b"'),
      expect.stringContaining('""'),
    ]);
  });

  it('accepts https issuers, and http only on this machine', () => {
    const issuer = (value: string) =>
      readOidcProviders({ ...corp, OIDC_CORP_ISSUER: value }).problems;
    expect(issuer('https://idp.example.com')).toEqual([]);
    expect(issuer('http://localhost:8081')).toEqual([]);
    expect(issuer('http://127.0.0.1:8081/realms/x')).toEqual([]);
    expect(issuer('http://idp.example.com')).toEqual([
      expect.stringMatching(/^OIDC_CORP_ISSUER must be an https URL/),
    ]);
    expect(issuer('ftp://idp.example.com')).toHaveLength(1);
    expect(issuer('not a url')).toEqual([expect.stringMatching(/^OIDC_CORP_ISSUER must be a URL/)]);
  });

  it('refuses scopes that are not space-separated tokens', () => {
    expect(readOidcProviders({ ...corp, OIDC_CORP_SCOPES: 'openid "email"' }).problems).toEqual([
      expect.stringMatching(/^OIDC_CORP_SCOPES/),
    ]);
  });
});

describe('readGatewayConfig with single sign-on', () => {
  it('has no providers by default', () => {
    expect(readGatewayConfig({}).OIDC_PROVIDERS).toEqual([]);
  });

  it('keeps the providers', () => {
    const config = readGatewayConfig(corp);
    expect(config.OIDC_PROVIDERS.map((p) => p.id)).toEqual(['corp']);
    expect(Object.isFrozen(config.OIDC_PROVIDERS)).toBe(true);
  });

  it('fails with one error naming the bad variables, and never a secret', () => {
    let error: unknown;
    try {
      readGatewayConfig({ ...corp, OIDC_CORP_ISSUER: 'http://idp.example.com', PORT: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.some((p) => p.startsWith('PORT'))).toBe(true);
    expect(problems.some((p) => p.startsWith('OIDC_CORP_ISSUER'))).toBe(true);
    expect((error as Error).message).not.toContain('s3cret-value');
  });
});

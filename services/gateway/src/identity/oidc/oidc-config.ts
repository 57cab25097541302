/** One identity provider people may sign in with (OpenID Connect, authorization code + PKCE). */
export interface OidcProviderConfig {
  /** Lowercase id used in addresses (`/auth/oidc/<id>/start`) and variable names. */
  id: string;
  /** The button label ("Sign in with <name>"). */
  name: string;
  /** Issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes asked for; always includes `openid`. */
  scopes: string;
}

const ID_PATTERN = /^[a-z0-9-]{1,32}$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const DEFAULT_SCOPES = 'openid email profile';
const MAX_NAME = 60;

/** `OIDC_<ID>_…` for provider `id` (`my-idp` → `OIDC_MY_IDP_…`). */
export function oidcVariable(id: string, suffix: string): string {
  return `OIDC_${id.toUpperCase().replace(/-/g, '_')}_${suffix}`;
}

function checkIssuer(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be a URL such as https://login.example.com';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) return null;
  return 'must be an https URL (http only for localhost or 127.0.0.1)';
}

/**
 * Reads `OIDC_PROVIDERS` (comma-separated ids) and each provider's `OIDC_<ID>_ISSUER`,
 * `_CLIENT_ID`, `_CLIENT_SECRET`, optional `_NAME` and `_SCOPES`. Returns the providers and a
 * problem per bad or missing variable (never a secret's value).
 */
export function readOidcProviders(source: Record<string, string | undefined>): {
  providers: OidcProviderConfig[];
  problems: string[];
} {
  const list = source.OIDC_PROVIDERS?.trim() ?? '';
  if (list === '') return { providers: [], problems: [] };
  const problems: string[] = [];
  const providers: OidcProviderConfig[] = [];
  const ids = list.split(',').map((id) => id.trim());
  const seen = new Set<string>();
  for (const id of ids) {
    if (!ID_PATTERN.test(id)) {
      problems.push(
        `OIDC_PROVIDERS has "${id.slice(0, 40)}"; ids are 1–32 lowercase letters, digits and -`,
      );
      continue;
    }
    if (seen.has(id)) {
      problems.push(`OIDC_PROVIDERS names "${id}" twice`);
      continue;
    }
    seen.add(id);
    const read = (suffix: string) => source[oidcVariable(id, suffix)]?.trim() ?? '';
    const required = (suffix: string, hint: string) => {
      const value = read(suffix);
      if (value === '') problems.push(`${oidcVariable(id, suffix)} is required (${hint})`);
      return value;
    };
    const issuer = required('ISSUER', 'the provider’s issuer URL');
    const clientId = required('CLIENT_ID', 'the client id registered at the provider');
    const clientSecret = required('CLIENT_SECRET', 'the client secret registered at the provider');
    const issuerProblem = issuer === '' ? null : checkIssuer(issuer);
    if (issuerProblem) problems.push(`${oidcVariable(id, 'ISSUER')} ${issuerProblem}`);

    const name = read('NAME') || id;
    if (name.length > MAX_NAME) {
      problems.push(`${oidcVariable(id, 'NAME')} must be at most ${MAX_NAME} characters`);
    }
    const scopeList = (read('SCOPES') || DEFAULT_SCOPES).split(/\s+/).filter(Boolean);
    if (!scopeList.every((s) => /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s))) {
      problems.push(`${oidcVariable(id, 'SCOPES')} must be scopes separated by spaces`);
    }
    if (!scopeList.includes('openid')) scopeList.unshift('openid');
    providers.push({ id, name, issuer, clientId, clientSecret, scopes: scopeList.join(' ') });
  }
  return { providers: problems.length > 0 ? [] : providers, problems };
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { SettingsBody, SettingsResponse, type InstanceSettings } from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireRole } from '../identity/auth.hooks.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { readSettings, writeSettings } from '../identity/settings.repository.js';
import { recordAudit } from './audit.js';

export interface SettingsRoutesOptions {
  db: Kysely<IdentityDatabase>;
  config: GatewayConfig;
  clock: () => Date;
}

/** Domains lowercase, trimmed, without a leading `@`, each once, in the order given. */
export function normalizeSettings(body: SettingsBody): InstanceSettings {
  const domains = body.allowedDomains.map((d) => d.trim().replace(/^@/, '').toLowerCase());
  return {
    signup: body.signup,
    allowedDomains: [...new Set(domains)],
    passwordLogin: body.passwordLogin,
  };
}

/** How many single sign-on providers this gateway is configured with. */
function oidcProviderCount(config: GatewayConfig): number {
  // Read defensively: the providers are parsed by the single sign-on configuration.
  const providers = (config as { OIDC_PROVIDERS?: unknown }).OIDC_PROVIDERS;
  return Array.isArray(providers) ? providers.length : 0;
}

/** Why `settings` cannot be saved here, or null. */
export function settingsProblem(settings: InstanceSettings, oidcProviders: number): string | null {
  if (!settings.passwordLogin && oidcProviders === 0) {
    return (
      'Password sign-in cannot be turned off while no single sign-on provider is configured ' +
      '(OIDC_PROVIDERS): nobody could sign in any more.'
    );
  }
  if (settings.signup === 'domain' && settings.allowedDomains.length === 0) {
    return 'Name at least one email domain for domain sign-up (or choose invitation only).';
  }
  return null;
}

/** `GET/PUT /admin/settings`: the sign-up policy and password sign-in (admins only). */
export const settingsRoutes: FastifyPluginAsyncTypebox<SettingsRoutesOptions> = async (
  app,
  { db, config, clock },
) => {
  app.get(
    '/admin/settings',
    {
      onRequest: [requireRole('admin')],
      schema: {
        tags: [Tags.admin],
        summary: 'The sign-up policy and whether password sign-in is on (admin)',
        security: signedIn,
        response: { 200: SettingsResponse, ...errorResponses(401, 403) },
      },
    },
    async () => ({ settings: await readSettings(db) }),
  );

  app.put(
    '/admin/settings',
    {
      onRequest: [requireRole('admin')],
      config: { rateLimit: writeRateLimit(config) },
      schema: {
        tags: [Tags.admin],
        summary: 'Change the sign-up policy and password sign-in (admin; audited)',
        description:
          '400 when password sign-in would be turned off without a single sign-on provider, or ' +
          'domain sign-up has no domain.',
        security: signedIn,
        body: SettingsBody,
        response: { 200: SettingsResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const next = normalizeSettings(request.body);
      const problem = settingsProblem(next, oidcProviderCount(config));
      if (problem) throw new AppError('bad_request', problem);
      const now = clock();
      const settings = await db.transaction().execute(async (trx) => {
        const before = await readSettings(trx);
        const after = await writeSettings(trx, next, now);
        await recordAudit(
          trx,
          {
            actor,
            action: 'settings.update',
            target: { type: 'settings', label: 'sign-up and sign-in' },
            details: { before, after },
          },
          now,
        );
        return after;
      });
      return { settings };
    },
  );
};

import type { Kysely } from 'kysely';
import { migrateToLatest } from '@outloud/db';
import type { IdentityDatabase } from './identity/identity.tables.js';

/** Every table the gateway owns (schema `identity`). */
export type GatewayDatabase = IdentityDatabase;

/** The gateway's migrations: `services/gateway/migrations`, next to `src/` (and to `dist/src/`). */
export const gatewayMigrations = {
  schema: 'identity',
  folder: new URL('../migrations', import.meta.url),
} as const;

/** Brings schema `identity` to the latest version; returns the migrations applied. */
export async function migrateGateway(db: Kysely<GatewayDatabase>): Promise<string[]> {
  return migrateToLatest(db as unknown as Kysely<unknown>, gatewayMigrations);
}

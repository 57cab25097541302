import { createDb } from '@outloud/db';
import { readGatewayConfig } from './config.js';
import type { GatewayDatabase } from './db.js';
import { issueSetupToken, setupLink } from './identity/setup.js';

/**
 * `setup-link` entry: while the instance has no admin, issues a one-time setup token and prints
 * one JSON line `{"setupToken":…,"setupLink":…}` (both null once an admin exists). The launcher
 * runs it after migrations and shows the link.
 */
async function main(): Promise<void> {
  const config = readGatewayConfig(process.env);
  const db = createDb<GatewayDatabase>({
    url: config.DATABASE_URL,
    max: 1,
    applicationName: 'outloud-gateway-setup-link',
  });
  try {
    const token = await issueSetupToken(db);
    const link = token === null ? null : setupLink(config.PUBLIC_URL, token);
    process.stdout.write(`${JSON.stringify({ setupToken: token, setupLink: link })}\n`);
  } finally {
    await db.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);

import { createDb } from '@outloud/db';
import { createTestDatabase, testPrefix } from '@outloud/testkit';
import { names, type Names } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import { Envelope } from '@outloud/contracts';

export const SCHEMA = 'bustest';

export const PingV1 = Envelope('test.ping.v1', Type.Object({ n: Type.Integer() }));

export const silentLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export interface BusWorld extends AsyncDisposable {
  db: Kysely<unknown>;
  url: string;
  names: Names;
}

/** A fresh database with the test schema and a unique subject/stream prefix. */
export async function busWorld(): Promise<BusWorld> {
  const database = await createTestDatabase({
    migrations: [{ schema: SCHEMA, folder: new URL('./migrations', import.meta.url) }],
  });
  const db = createDb<unknown>({ url: database.url, max: 4 });
  return {
    db,
    url: database.url,
    names: names(testPrefix()),
    async [Symbol.asyncDispose]() {
      await db.destroy();
      await database.drop();
    },
  };
}

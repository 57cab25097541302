import { randomUUID } from 'node:crypto';
import {
  connectNats,
  deleteEventStream,
  drainNats,
  rpcClient,
  type NatsConnection,
} from '@outloud/bus';
import { FeedRpc, names as makeNames, type Actor, type Names } from '@outloud/contracts';
import { createDb } from '@outloud/db';
import { createTestDatabase, testNatsUrl, testPrefix, type TestDatabase } from '@outloud/testkit';
import type { Kysely } from 'kysely';
import { feedMigrations, startFeed, type FeedService } from '../src/app.js';
import type { FeedDB } from '../src/db.js';

export const silentLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function makeActor(overrides: Partial<Actor> = {}): Actor {
  const id = randomUUID();
  const handle = `u${id.slice(0, 8)}`;
  return { id, handle, displayName: `User ${handle}`, roles: ['member'], ...overrides };
}

export interface FeedWorld extends AsyncDisposable {
  db: Kysely<FeedDB>;
  nc: NatsConnection;
  names: Names;
  feed: FeedService;
  client: ReturnType<typeof rpcClient<typeof FeedRpc>>;
  generalId: string;
}

/** The feed service running on its own database and subject prefix. */
export async function feedWorld(options: { clock?: () => Date } = {}): Promise<FeedWorld> {
  const database: TestDatabase = await createTestDatabase({ migrations: [feedMigrations] });
  const db = createDb<FeedDB>({ url: database.url, max: 5 });
  const nc = await connectNats({ url: testNatsUrl(), name: 'feed-test' });
  const names = makeNames(testPrefix());
  const feed = await startFeed({
    db,
    databaseUrl: database.url,
    nc,
    names,
    logger: silentLogger,
    clock: options.clock,
  });
  const general = await db
    .selectFrom('feed.channels')
    .select('id')
    .where('slug', '=', 'general')
    .executeTakeFirstOrThrow();
  return {
    db,
    nc,
    names,
    feed,
    client: rpcClient({ nc, names, service: 'feed', schemas: FeedRpc }),
    generalId: general.id,
    async [Symbol.asyncDispose]() {
      await feed.stop();
      await deleteEventStream(nc, names);
      await drainNats(nc);
      await db.destroy();
      await database.drop();
    },
  };
}

/** A private channel with the given members, made directly in the database. */
export async function privateChannel(world: FeedWorld, members: Actor[]): Promise<string> {
  const row = await world.db
    .insertInto('feed.channels')
    .values({
      slug: `secret-${randomUUID().slice(0, 8)}`,
      name: 'Secret',
      visibility: 'private',
      ownerId: members[0]?.id ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (members.length) {
    await world.db
      .insertInto('feed.channelMembers')
      .values(members.map((m) => ({ channelId: row.id, userId: m.id })))
      .execute();
  }
  return row.id;
}

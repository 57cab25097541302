import { randomUUID } from 'node:crypto';
import * as bus from '@outloud/bus';
import { rpcClient, type NatsConnection } from '@outloud/bus';
import { FeedRpc, type Actor, type Names } from '@outloud/contracts';
import { createServiceWorld, silentLogger } from '@outloud/testkit';
import type { Kysely } from 'kysely';
import { feedMigrations, startFeed, type FeedService } from '../src/app.js';
import type { FeedDB } from '../src/db.js';

export { makeActor, silentLogger } from '@outloud/testkit';

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
  const world = await createServiceWorld({ migrations: [feedMigrations], bus, name: 'feed-test' });
  const db = world.pool<FeedDB>();
  const { nc, names } = world;
  const feed = await startFeed({
    db,
    databaseUrl: world.database.url,
    nc,
    names,
    logger: silentLogger,
    clock: options.clock,
  });
  world.defer(() => feed.stop());
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
    [Symbol.asyncDispose]: () => world[Symbol.asyncDispose](),
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

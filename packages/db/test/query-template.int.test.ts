import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createDb, queryTemplate } from '../src/index.js';

// A temporary table lives in the session, so one connection keeps this file to itself on the
// server's maintenance database.
const url = new URL(
  process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
);
url.pathname = '/postgres';

interface Tables {
  tips: { id: number; channelName: string; createdAt: Date; tags: string[] };
}

let db: Kysely<Tables>;

beforeAll(async () => {
  db = createDb<Tables>({ url: url.toString(), max: 1, applicationName: 'outloud-template-test' });
  await sql`create temporary table tips (id int primary key, channel_name text not null,
    created_at timestamptz not null, tags text[] not null)`.execute(db);
  await sql`insert into tips values
    (1, 'general', '2026-01-01T00:00:00Z', '{git}'),
    (2, 'general', '2026-02-01T00:00:00Z', '{sql,git}'),
    (3, 'design', '2026-03-01T00:00:00Z', '{figma}')`.execute(db);
});

afterAll(async () => {
  await db?.destroy();
});

describe('query templates', () => {
  let builds = 0;
  const tips = queryTemplate(
    (
      db: Kysely<Tables>,
      shape: { channel: boolean; limit: number },
      v: { channelName: string; before: Date; tags: readonly string[] },
    ) => {
      builds++;
      return db
        .selectFrom('tips')
        .select(['id', 'channelName'])
        .where('createdAt', '<', v.before)
        .where('tags', '&&', sql<string[]>`${v.tags}::text[]`)
        .$if(shape.channel, (q) => q.where('channelName', '=', v.channelName))
        .where('id', '>', 0)
        .orderBy('id')
        .limit(sql.lit(shape.limit))
        .compile();
    },
  );

  it('builds once per shape and binds each call’s values, keeping the constants it wrote', async () => {
    const before = new Date('2026-12-31T00:00:00Z');
    const all = await tips(db, { channel: false, limit: 10 }, { before, tags: ['git', 'figma'] });
    // Rows come back through the camel-case plugin like any other query's.
    expect(all).toEqual([
      { id: 1, channelName: 'general' },
      { id: 2, channelName: 'general' },
      { id: 3, channelName: 'design' },
    ]);
    const general = await tips(
      db,
      { channel: true, limit: 10 },
      { before: new Date('2026-01-15T00:00:00Z'), tags: ['git'], channelName: 'general' },
    );
    expect(general).toEqual([{ id: 1, channelName: 'general' }]);
    const design = await tips(
      db,
      { channel: true, limit: 10 },
      { before, tags: ['figma', 'sql'], channelName: 'design' },
    );
    expect(design).toEqual([{ id: 3, channelName: 'design' }]);
    expect(await tips(db, { channel: false, limit: 1 }, { before, tags: ['git'] })).toEqual([
      { id: 1, channelName: 'general' },
    ]);
    expect(builds).toBe(3);
  });

  it('refuses a call that leaves out a value its shape binds', async () => {
    await expect(
      tips(db, { channel: true, limit: 10 }, { before: new Date(), tags: ['git'] }),
    ).rejects.toThrow('no value for "channelName"');
  });
});

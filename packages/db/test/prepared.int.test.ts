import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createDb } from '../src/index.js';
import { MAX_PREPARED_PER_CONNECTION, mayPrepare, statementName } from '../src/prepared.js';

// Prepared statements live in the session, so one connection and session state only (temporary
// tables) keep this file to itself on the server's maintenance database.
const url = new URL(
  process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
);
url.pathname = '/postgres';

let db: Kysely<unknown>;

beforeAll(() => {
  db = createDb({ url: url.toString(), max: 1, applicationName: 'outloud-prepared-test' });
});

afterAll(async () => {
  await db.destroy();
});

async function preparedCount(text: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`select count(*)::int as count
    from pg_prepared_statements where name = ${statementName(text)}`.execute(db);
  return rows[0]!.count;
}

describe('named prepared statements', () => {
  it('prepares a parameterised query once and reuses it on the same connection', async () => {
    const query = sql<{ n: number }>`select ${41}::int + 1 as n`;
    const text = query.compile(db).sql;
    expect((await query.execute(db)).rows).toEqual([{ n: 42 }]);
    expect((await sql<{ n: number }>`select ${1}::int + 1 as n`.execute(db)).rows).toEqual([
      { n: 2 },
    ]);
    expect(await preparedCount(text)).toBe(1);
    const { rows } = await sql<{ statement: string }>`select statement
      from pg_prepared_statements where name = ${statementName(text)}`.execute(db);
    expect(rows[0]!.statement).toBe(text);
  });

  it('names only single plannable statements', () => {
    expect(mayPrepare('select $1', [1])).toBe(true);
    expect(mayPrepare('with x as (select 1) select * from x', [])).toBe(true);
    expect(mayPrepare('begin', [])).toBe(false);
    expect(mayPrepare('create table t (id int)', [])).toBe(false);
    expect(mayPrepare('select 1; select 2', [])).toBe(false);
    expect(mayPrepare('select 1', [])).toBe(true);
  });

  it('keeps transactions working, rollback included', async () => {
    await sql`create temporary table if not exists prepared_t (id int primary key)`.execute(db);
    await db.transaction().execute(async (trx) => {
      await sql`insert into prepared_t (id) values (${1})`.execute(trx);
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into prepared_t (id) values (${2})`.execute(trx);
        await sql`insert into prepared_t (id) values (${1})`.execute(trx);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    // The failed statement leaves the prepared one usable on the next transaction.
    await db.transaction().execute(async (trx) => {
      await sql`insert into prepared_t (id) values (${3})`.execute(trx);
    });
    const { rows } = await sql<{ id: number }>`select id from prepared_t order by id`.execute(db);
    expect(rows.map((r) => r.id)).toEqual([1, 3]);
  });

  it('reports errors and stays usable after one', async () => {
    await expect(sql`select ${'x'}::int as n`.execute(db)).rejects.toMatchObject({
      code: '22P02',
    });
    expect((await sql<{ n: number }>`select ${'7'}::int as n`.execute(db)).rows).toEqual([
      { n: 7 },
    ]);
  });

  it('prepares a statement anew once its table gained a column under it', async () => {
    await sql`create temporary table prepared_shape (a int)`.execute(db);
    await sql`insert into prepared_shape (a) values (1)`.execute(db);
    const read = () => sql<Record<string, number>>`select * from prepared_shape where a > ${0}`;
    expect((await read().execute(db)).rows).toEqual([{ a: 1 }]);

    // A migration while the instance runs.
    await sql`alter table prepared_shape add column b int not null default 2`.execute(db);
    // The statement prepared before fails once on this connection, then runs prepared again.
    await expect(read().execute(db)).rejects.toMatchObject({ code: '0A000' });
    expect((await read().execute(db)).rows).toEqual([{ a: 1, b: 2 }]);
    expect((await read().execute(db)).rows).toEqual([{ a: 1, b: 2 }]);
    const { rows } = await sql<{ count: number }>`select count(*)::int as count
      from pg_prepared_statements where statement like 'select * from prepared_shape%'`.execute(db);
    expect(rows[0]!.count).toBe(2);
  });

  it('runs queries unnamed once a connection holds the most statements it may', async () => {
    // Each `in` list length is a different text: more of them than the cap allows.
    for (let length = 1; length <= MAX_PREPARED_PER_CONNECTION + 10; length++) {
      const ids = Array.from({ length }, (_, i) => i);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n
        from generate_series(0, 1000) g where g in (${sql.join(ids)})`.execute(db);
      expect(rows[0]!.n).toBe(length);
    }
    const { rows } = await sql<{ count: number }>`select count(*)::int as count
      from pg_prepared_statements`.execute(db);
    expect(rows[0]!.count).toBeLessThanOrEqual(MAX_PREPARED_PER_CONNECTION);
    expect(rows[0]!.count).toBeGreaterThan(MAX_PREPARED_PER_CONNECTION - 20);
  });
});

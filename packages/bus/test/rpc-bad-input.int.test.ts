import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import Type from 'typebox';
import { testNatsUrl } from '@outloud/testkit';
import {
  connectNats,
  drainNats,
  pgDataExceptionIn,
  rpcClient,
  RpcError,
  serveRpc,
} from '../src/index.js';
import { busWorld, silentLogger } from './fixtures.js';

const schemas = {
  at: {
    request: Type.Object({ when: Type.String(), notes: Type.Array(Type.String()) }),
    reply: Type.Object({ iso: Type.String() }),
  },
};

/** A service whose handler hands the request's date straight to Postgres, as a careless one might. */
async function dateService() {
  const world = await busWorld();
  const nc = await connectNats({ url: testNatsUrl(), name: 'rpc-bad-input-test' });
  const warnings: { obj: object; msg?: string }[] = [];
  const errors: object[] = [];
  let handled = 0;
  const svc = await serveRpc({
    nc,
    names: world.names,
    service: 'dates',
    schemas,
    logger: {
      ...silentLogger,
      warn: (obj, msg) => warnings.push({ obj, msg }),
      error: (obj) => errors.push(obj),
    },
    handlers: {
      at: async ({ when }) => {
        handled++;
        const { rows } = await sql<{
          iso: string;
        }>`select to_char(${when}::timestamptz at time zone 'UTC', 'YYYY-MM-DD') as iso`.execute(
          world.db,
        );
        return { iso: rows[0]!.iso };
      },
    },
  });
  return {
    client: rpcClient({ nc, names: world.names, service: 'dates', schemas }),
    warnings,
    errors,
    handled: () => handled,
    async [Symbol.asyncDispose]() {
      await svc.stop();
      await drainNats(nc);
      await world[Symbol.asyncDispose]();
    },
  };
}

describe('RPC requests with bad input, straight to a service', { timeout: 30_000 }, () => {
  it('refuses a string holding U+0000 as validation_failed before the handler runs', async () => {
    await using service = await dateService();
    const error = await service.client
      .call('at', { when: '2026-01-01T00:00:00Z', notes: ['fine', 'bad\u0000'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'validation_failed' });
    expect((error as RpcError).details).toEqual([
      { path: '/notes/1', message: expect.stringContaining('U+0000') },
    ]);
    expect(service.handled()).toBe(0);
  });

  it('turns a Postgres data exception from the handler into validation_failed, logged as a warning', async () => {
    await using service = await dateService();
    expect(await service.client.call('at', { when: '2026-03-04T05:06:07Z', notes: [] })).toEqual({
      iso: '2026-03-04',
    });
    for (const when of ['-100000-01-01T00:00:00Z', 'not a date']) {
      const error = await service.client.call('at', { when, notes: [] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcError);
      expect(error).toMatchObject({ code: 'validation_failed' });
      expect((error as RpcError).status).toBe(400);
    }
    // Each refusal is logged with its SQLSTATE, a class 22 data exception.
    const sqlstates = service.warnings.map((w) => (w.obj as { sqlstate: string }).sqlstate);
    expect(sqlstates).toHaveLength(2);
    for (const sqlstate of sqlstates) expect(sqlstate).toMatch(/^22/);
    expect(service.errors).toEqual([]);
  });
});

describe('pgDataExceptionIn', () => {
  it('finds a Postgres data exception through causes, and nothing else', () => {
    const pg = Object.assign(new Error('value out of range'), { code: '22003', severity: 'ERROR' });
    expect(pgDataExceptionIn(new Error('wrapped', { cause: pg }))).toBe(pg);
    const unique = Object.assign(new Error('duplicate'), { code: '23505', severity: 'ERROR' });
    expect(pgDataExceptionIn(unique)).toBeUndefined();
    expect(pgDataExceptionIn(Object.assign(new Error('x'), { code: '22003' }))).toBeUndefined();
    expect(pgDataExceptionIn('22003')).toBeUndefined();
  });
});

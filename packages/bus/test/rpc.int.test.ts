import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Type from 'typebox';
import { names as makeNames } from '@outloud/contracts';
import { testNatsUrl, testPrefix } from '@outloud/testkit';
import {
  connectNats,
  drainNats,
  rpcClient,
  RpcError,
  serveRpc,
  type NatsConnection,
} from '../src/index.js';
import { silentLogger } from './fixtures.js';

const schemas = {
  greet: {
    request: Type.Object({ name: Type.String({ minLength: 1 }) }),
    reply: Type.Object({ text: Type.String(), instance: Type.Integer() }),
  },
};

describe('request/reply over the NATS services API', () => {
  const names = makeNames(testPrefix());
  let nc: NatsConnection;
  const services: { stop(): Promise<null | Error> }[] = [];

  beforeAll(async () => {
    nc = await connectNats({ url: testNatsUrl(), name: 'rpc-test' });
    for (const instance of [1, 2]) {
      services.push(
        await serveRpc({
          nc,
          names,
          service: 'greeter',
          schemas,
          logger: silentLogger,
          handlers: {
            greet: async ({ name }) => {
              if (name === 'nobody')
                throw new RpcError('user_not_found', 'No such person.', { name });
              if (name === 'crash') throw new Error('database exploded: secret details');
              return { text: `hello ${name}`, instance };
            },
          },
        }),
      );
    }
  });

  afterAll(async () => {
    for (const svc of services) await svc.stop();
    await drainNats(nc);
  });

  const client = () => rpcClient({ nc, names, service: 'greeter', schemas });

  it('returns the handler reply', async () => {
    const reply = await client().call('greet', { name: 'ada' });
    expect(reply.text).toBe('hello ada');
  });

  it('spreads requests over the instances of the queue group', async () => {
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++)
      seen.add((await client().call('greet', { name: `p${i}` })).instance);
    expect([...seen].sort()).toEqual([1, 2]);
  });

  it('re-throws a domain error at the caller with its code, message and details', async () => {
    const error = await client()
      .call('greet', { name: 'nobody' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({
      code: 'user_not_found',
      message: 'No such person.',
      details: { name: 'nobody' },
    });
    expect((error as RpcError).status).toBe(404);
  });

  it('hides unexpected failures behind an internal error', async () => {
    const error = await client()
      .call('greet', { name: 'crash' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'internal' });
    expect((error as Error).message).not.toContain('secret');
  });

  it('rejects an invalid request before the handler runs', async () => {
    const error = await client()
      .call('greet', { name: '' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation_failed' });
    expect(JSON.stringify((error as RpcError).details)).toContain('/name');
  });

  it('reports a service with no instances as unavailable', async () => {
    const lonely = rpcClient({ nc, names, service: 'nobody-home', schemas, timeoutMs: 500 });
    const error = await lonely.call('greet', { name: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable' });
  });
});

import { randomBytes } from 'node:crypto';
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
              // A reply that breaks the contract (no instance).
              if (name === 'sloppy') return { text: 'hi' } as never;
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

  it('checks replies, but not those of verbs the caller trusts', async () => {
    await expect(client().call('greet', { name: 'sloppy' })).rejects.toMatchObject({
      code: 'internal',
    });
    const trusting = rpcClient({
      nc,
      names,
      service: 'greeter',
      schemas,
      trustedReplies: ['greet'],
    });
    expect(await trusting.call('greet', { name: 'sloppy' })).toEqual({ text: 'hi' });
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

  describe('under more load than it can answer in time', () => {
    const slowNames = makeNames(testPrefix());
    let handled: string[];
    let release: () => void;
    let gate: Promise<void>;
    let slow: { stop(): Promise<null | Error> };

    beforeAll(async () => {
      handled = [];
      gate = new Promise((r) => (release = r));
      slow = await serveRpc({
        nc,
        names: slowNames,
        service: 'slow',
        schemas,
        logger: silentLogger,
        maxConcurrent: 1,
        maxQueued: 2,
        handlers: {
          greet: async ({ name }) => {
            handled.push(name);
            if (name === 'first') await gate;
            return { text: `hello ${name}`, instance: 1 };
          },
        },
      });
    });

    afterAll(async () => {
      await slow.stop();
    });

    it('refuses at once beyond its queue, and skips requests whose caller gave up', async () => {
      const caller = rpcClient({ nc, names: slowNames, service: 'slow', schemas, timeoutMs: 300 });
      const patient = rpcClient({
        nc,
        names: slowNames,
        service: 'slow',
        schemas,
        timeoutMs: 5_000,
      });
      const first = patient.call('greet', { name: 'first' });
      await new Promise((r) => setTimeout(r, 50));
      // Both wait behind `first`; the queue (2) is then full.
      const hasty = caller.call('greet', { name: 'hasty' }).catch((e: unknown) => e);
      const queued = patient.call('greet', { name: 'queued' });
      await new Promise((r) => setTimeout(r, 50));
      // Refused by the service ("busy"), not timed out at the caller ("not answering").
      const refused = await caller.call('greet', { name: 'refused' }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'unavailable' });
      expect((refused as RpcError).message).toContain('busy');
      // `hasty` times out while waiting; once `first` is done, it is not handled at all.
      expect(await hasty).toMatchObject({ code: 'unavailable' });
      // The service counts from the request's arrival, a moment after the caller started its
      // clock: give that moment before the queue moves on.
      await new Promise((r) => setTimeout(r, 100));
      release();
      expect((await first).text).toBe('hello first');
      expect((await queued).text).toBe('hello queued');
      expect(handled).toEqual(['first', 'queued']);
    });
  });

  describe('a reply too large for one bus message', () => {
    const bigNames = makeNames(testPrefix());
    const logged: { obj: object; msg?: string }[] = [];
    let big: { stop(): Promise<null | Error> };
    // Random text barely compresses, so the encoded reply stays above the server's max payload.
    const noise = (bytes: number) => randomBytes(bytes).toString('base64');

    beforeAll(async () => {
      big = await serveRpc({
        nc,
        names: bigNames,
        service: 'big',
        schemas,
        logger: { ...silentLogger, error: (obj, msg) => logged.push({ obj, msg }) },
        handlers: {
          greet: async ({ name }) => ({
            text: name === 'huge' ? noise(nc.info!.max_payload) : 'small',
            instance: 1,
          }),
        },
      });
    });

    afterAll(async () => {
      await big.stop();
    });

    it('is answered with reply_too_large and logged with the subject and size', async () => {
      const caller = rpcClient({ nc, names: bigNames, service: 'big', schemas });
      const error = await caller.call('greet', { name: 'huge' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcError);
      expect(error).toMatchObject({ code: 'reply_too_large' });
      expect((error as RpcError).status).toBe(500);
      expect(logged).toHaveLength(1);
      expect(logged[0]!.obj).toMatchObject({
        code: 'reply_too_large',
        subject: bigNames.svc('big', 'greet'),
        verb: 'greet',
      });
      expect((logged[0]!.obj as { size: number }).size).toBeGreaterThan(nc.info!.max_payload);
      // The service keeps answering.
      expect((await caller.call('greet', { name: 'ok' })).text).toBe('small');
    });

    it('refuses a request too large to send before it reaches the server', async () => {
      const caller = rpcClient({ nc, names: bigNames, service: 'big', schemas });
      const error = await caller
        .call('greet', { name: noise(nc.info!.max_payload) })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'payload_too_large' });
    });
  });
});

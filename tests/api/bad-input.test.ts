import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LearningRpc, type Channel } from '@outloud/contracts';
import { rpcClient, RpcError } from '@outloud/bus';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type ErrorReply = {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
};

const NUL = '\u0000';
const craft = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('bad input is a 400 everywhere', () => {
  let world: ApiWorld;
  let person: Person;
  let general: Channel;

  beforeAll(async () => {
    world = await apiWorld();
    person = await world.person();
    general = (await person.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
      (c) => c.slug === 'general',
    )!;
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const expectRefused = (
    reply: { status: number; body: unknown },
    field?: string,
    code = 'validation_failed',
  ) => {
    expect(reply.status).toBe(400);
    const { error } = reply.body as ErrorReply;
    expect(error.code).toBe(code);
    if (field !== undefined) expect(error.details?.map((d) => d.field)).toContain(field);
  };

  describe('text holding control characters', () => {
    it('refuses a body of C0 controls (each would take six bytes on the bus), keeps tabs and newlines', async () => {
      const flood = await person.request('POST', '/posts', {
        channelId: general.id,
        kind: 'question',
        title: 'Controls',
        body: '\u0001'.repeat(38_000),
      });
      expectRefused(flood, 'body');
      expect(JSON.stringify(flood.body)).toContain('control characters');
      const answer = await person.request('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: 'Tabs and lines',
        body: 'a\tb\r\nc\n',
      });
      expect(answer.status).toBe(201);
    });
  });

  describe('strings holding U+0000', () => {
    it('in a post body', async () => {
      const reply = await person.request('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: 'A tip',
        body: `fine text ${NUL} more`,
      });
      expectRefused(reply, 'body');
    });

    it('deep in a log entry (publish.title)', async () => {
      const reply = await person.request('POST', '/log', {
        learned: 'x',
        publish: { channelId: general.id, title: `a${NUL}` },
      });
      expectRefused(reply, 'publish.title');
    });

    it('in a goal', async () => {
      expectRefused(await person.request('POST', '/goals', { title: `Learn${NUL}` }), 'title');
    });

    it('in a search query', async () => {
      expectRefused(await person.request('GET', '/search?q=a%00b'), 'q');
    });

    it('sent to the learning service straight over the bus, without the gateway', async () => {
      const learning = rpcClient({
        nc: world.nc,
        names: world.names,
        service: 'learning',
        schemas: LearningRpc,
      });
      const error = await learning
        .call('createGoal', {
          actor: {
            id: person.user.id,
            handle: person.user.handle,
            displayName: person.user.displayName,
            roles: person.user.roles,
          },
          input: { title: `Learn${NUL}` },
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcError);
      expect(error).toMatchObject({
        code: 'validation_failed',
        details: [{ path: '/input/title', message: expect.stringContaining('U+0000') }],
      });
    });
  });

  describe('crafted cursors', () => {
    const crafted = [
      craft(['-100000-01-01T00:00:00Z', '00000000-0000-0000-0000-000000000000']),
      craft(['+275760-09-13T00:00:00.000Z', '0190f3a4-7b1c-7d2e-8f3a-1b2c3d4e5f60']),
      craft([1e308, 'x']),
      craft({ at: 1 }),
    ];

    it.each(['/goals', '/log', '/challenges'])('for %s answer 400', async (path) => {
      for (const cursor of crafted) {
        expectRefused(await person.request('GET', `${path}?cursor=${cursor}`), 'cursor');
      }
    });

    it('for /notifications answer 400', async () => {
      for (const cursor of crafted) {
        expectRefused(await person.request('GET', `/notifications?cursor=${cursor}`), 'cursor');
      }
    });
  });

  describe('dates and numbers past what Postgres stores', () => {
    it('a goal target date out of range', async () => {
      for (const targetDate of ['0000-01-01', '-10000-01-01', '99999-01-01', '2026-02-30']) {
        expectRefused(await person.request('POST', '/goals', { title: 'Learn', targetDate }));
      }
    });

    it('a log entry date out of range', async () => {
      expectRefused(await person.request('POST', '/log', { learned: 'x', date: '0000-12-31' }));
    });

    it('a challenge starting at the end of time', async () => {
      const reply = await person.request('POST', '/challenges', {
        channelId: general.id,
        title: 'Forever',
        startDate: '9999-12-31',
        timeZone: 'UTC',
        prompts: ['one', 'two'],
      });
      expectRefused(reply);
    });

    it('limits and counts past an int4', async () => {
      expectRefused(await person.request('GET', '/goals?limit=2147483648'), 'limit');
      expectRefused(
        await person.request('POST', '/goals', {
          title: 'Learn',
          measure: { metric: 'tips', count: 2147483648 },
        }),
        'measure.count',
      );
      expectRefused(await person.request('GET', '/notifications?limit=1e400'), 'limit');
    });
  });
});

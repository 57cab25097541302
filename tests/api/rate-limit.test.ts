import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '@outloud/contracts';
import { apiWorld, type ApiWorld } from '../support/api-world.js';

describe('write rate limit', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await apiWorld({ RATE_WRITES_PER_MINUTE: 3 });
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  it('answers 429 with Retry-After once a person exceeds the writes per minute, without affecting others', async () => {
    const busy = await world.person();
    const calm = await world.person();
    const general = (await busy.request<{ items: Channel[] }>('GET', '/channels')).body.items[0]!;
    const post = () => ({ channelId: general.id, kind: 'tip', title: 'Rate me', body: 'Quickly.' });
    for (let i = 0; i < 3; i++)
      expect((await busy.request('POST', '/posts', post())).status).toBe(201);
    const limited = await world.app.inject({
      method: 'POST',
      url: '/api/v1/posts',
      headers: { cookie: busy.cookie, 'x-csrf-token': busy.csrfToken },
      payload: post(),
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await calm.request('POST', '/posts', post())).status).toBe(201);
    // Reads are not limited.
    expect((await busy.request('GET', '/feed')).status).toBe(200);
  });
});

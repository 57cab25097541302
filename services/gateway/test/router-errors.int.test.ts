import { describe, expect, it } from 'vitest';
import { asSession, createWorld, register } from './helpers.js';

/** Errors Fastify's router raises before any route or hook runs. */
describe('addresses the router refuses', { timeout: 30_000 }, () => {
  it('answer 400 in the error format for a path that is not percent-encoded UTF-8', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const session = await register(app);
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/users/a%ED%A0%80b',
      headers: asSession(session),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'bad_request', message: expect.stringContaining('not valid') },
    });
  });

  it('answer 400 in the error format for a path parameter over the length limit', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${'x'.repeat(200)}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'bad_request', message: 'A part of the address is too long.' },
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/core/types.js';
import type { ProfileStats } from '../src/identity/identity.service.js';
import { createWorld, register, type TestWorld } from './helpers.js';

let world: TestWorld;
let app: App;
const asked: string[] = [];

/** Stands in for the feed service: figures chosen here must come through unchanged. */
async function profileStats(userId: string): Promise<ProfileStats> {
  asked.push(userId);
  return {
    stats: { tips: 3, questions: 5, answers: 8, acceptedAnswers: 2, helpfulVotes: 13 },
    topTags: [
      { tag: 'kubernetes', score: 9.5 },
      { tag: 'onboarding', score: 4 },
    ],
  };
}

beforeAll(async () => {
  world = await createWorld();
  app = await world.app({ profileStats });
  await register(app);
});
afterAll(async () => world.close());

describe('GET /users/:handle', () => {
  it('returns the user with the figures and top tags from the feed', async () => {
    const viewer = await register(app);
    const person = await register(app);
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${person.user.handle}`,
      headers: { cookie: viewer.cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: person.user,
      stats: { tips: 3, questions: 5, answers: 8, acceptedAnswers: 2, helpfulVotes: 13 },
      topTags: [
        { tag: 'kubernetes', score: 9.5 },
        { tag: 'onboarding', score: 4 },
      ],
    });
    expect(asked).toContain(person.user.id);
    expect(response.body).not.toMatch(/scrypt|password|email/i);
  });

  it('answers 404 user_not_found for an unknown handle', async () => {
    const viewer = await register(app);
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/users/nobody_here',
      headers: { cookie: viewer.cookie },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'user_not_found', message: expect.any(String) },
    });
  });

  it('answers 401 when anonymous', async () => {
    const person = await register(app);
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${person.user.handle}`,
    });
    expect(response.statusCode).toBe(401);
  });

  it('passes on an error from the feed with its catalogue status', async () => {
    const failing = await world.app({
      profileStats: async () => {
        throw Object.assign(new Error('The feed service is not answering.'), {
          code: 'unavailable',
        });
      },
    });
    const viewer = await register(failing);
    const response = await failing.inject({
      method: 'GET',
      url: `/api/v1/users/${viewer.user.handle}`,
      headers: { cookie: viewer.cookie },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: { code: 'unavailable', message: 'The feed service is not answering.' },
    });
  });
});

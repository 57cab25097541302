import { describe, expect, it } from 'vitest';
import { createAuthorBadges } from './badges.js';

const logger = { warn: () => undefined } as never;

function setUp(options: { learningDown?: boolean } = {}) {
  const calls = { identity: 0, learning: 0 };
  const badgesFor = createAuthorBadges({
    identity: {
      findUsers: (ids: readonly string[]) => {
        calls.identity++;
        return Promise.resolve(
          new Map(ids.map((id) => [id, { roles: id === 'lead' ? ['ld'] : ['member'] }])),
        ) as never;
      },
    },
    services: {
      learning: {
        call: () => {
          calls.learning++;
          return options.learningDown
            ? Promise.reject(new Error('down'))
            : Promise.resolve({ items: [{ userId: 'sharer', badges: ['works_out_loud'] }] });
        },
      } as never,
    },
    logger,
  });
  return { badgesFor, calls };
}

describe('author badges', () => {
  it('combines the L&D role and earned badges, and asks again only for new people', async () => {
    const { badgesFor, calls } = setUp();
    const first = await badgesFor(['lead', 'sharer', 'plain']);
    expect(Object.fromEntries(first)).toEqual({ lead: ['ld'], sharer: ['works_out_loud'] });
    const second = await badgesFor(['lead', 'plain', 'newcomer']);
    expect(Object.fromEntries(second)).toEqual({ lead: ['ld'] });
    expect(calls).toEqual({ identity: 2, learning: 2 });
    await badgesFor(['lead', 'sharer']);
    expect(calls).toEqual({ identity: 2, learning: 2 });
  });

  it('does not keep an answer given while the learning service was down', async () => {
    const { badgesFor, calls } = setUp({ learningDown: true });
    expect(Object.fromEntries(await badgesFor(['lead']))).toEqual({ lead: ['ld'] });
    await badgesFor(['lead']);
    expect(calls.learning).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { chooseEscalation, chooseExperts, topicOf, type CandidateFacts } from './routing-rules.js';

const facts = (overrides: Partial<CandidateFacts> = {}): CandidateFacts => ({
  askerId: 'asker',
  viewers: 'everyone',
  inactive: new Set(),
  optedOut: new Set(),
  requestsToday: new Map(),
  alreadyAsked: new Set(),
  ...overrides,
});
const settings = { maxExperts: 3, requestsPerDay: 3 };

describe('chooseExperts', () => {
  it('takes the best-ranked, at most three, in search’s order', () => {
    expect(chooseExperts(['a', 'b', 'c', 'd'], facts(), settings)).toEqual(['a', 'b', 'c']);
  });

  it('skips the asker, people who cannot see the channel, inactive, opted out or already asked', () => {
    const chosen = chooseExperts(
      ['asker', 'outsider', 'suspended', 'quiet', 'asked', 'ok'],
      facts({
        viewers: new Set(['asker', 'suspended', 'quiet', 'asked', 'ok']),
        inactive: new Set(['suspended']),
        optedOut: new Set(['quiet']),
        alreadyAsked: new Set(['asked']),
      }),
      settings,
    );
    expect(chosen).toEqual(['ok']);
  });

  it('skips people who reached the daily cap, and counts each person once', () => {
    const chosen = chooseExperts(
      ['busy', 'almost', 'almost', 'fresh'],
      facts({
        requestsToday: new Map([
          ['busy', 3],
          ['almost', 2],
        ]),
      }),
      settings,
    );
    expect(chosen).toEqual(['almost', 'fresh']);
  });
});

describe('chooseEscalation', () => {
  it('asks the owner and L&D once each, never the asker or someone who cannot see it', () => {
    const chosen = chooseEscalation(
      'owner',
      ['ld1', 'owner', 'asker', 'ld2'],
      facts({ viewers: new Set(['owner', 'ld1', 'asker']) }),
    );
    expect(chosen).toEqual(['owner', 'ld1']);
  });

  it('has no daily cap: it is their job', () => {
    expect(chooseEscalation(null, ['ld'], facts({ requestsToday: new Map([['ld', 10]]) }))).toEqual(
      ['ld'],
    );
  });
});

describe('topicOf', () => {
  it('is the title and the tags, at most 300 characters', () => {
    expect(topicOf({ title: 'How to deploy?', tags: ['k8s', 'helm'] })).toBe(
      'How to deploy? k8s helm',
    );
    expect(topicOf({ title: 'x'.repeat(400), tags: [] })).toHaveLength(300);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOKS, isDelivered, nextAttemptAt, shouldDisable } from './webhook-rules.js';

const now = new Date('2027-01-10T12:00:00Z');
const settings = { ...DEFAULT_WEBHOOKS, retryDelaysMs: [1_000, 5_000] };

describe('webhook retries', () => {
  it('waits the configured delay after each failed attempt, then gives up', () => {
    expect(nextAttemptAt(1, settings, now)?.toISOString()).toBe('2027-01-10T12:00:01.000Z');
    expect(nextAttemptAt(2, settings, now)?.toISOString()).toBe('2027-01-10T12:00:05.000Z');
    expect(nextAttemptAt(3, settings, now)).toBeNull();
  });

  it('backs off for longer and longer by default', () => {
    const delays = DEFAULT_WEBHOOKS.retryDelaysMs;
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThan(delays[i - 1]!);
  });

  it('counts only 2xx answers as delivered', () => {
    expect([200, 204, 299].map(isDelivered)).toEqual([true, true, true]);
    expect([undefined, 301, 404, 500].map(isDelivered)).toEqual([false, false, false, false]);
  });
});

describe('turning a failing webhook off', () => {
  const rules = { ...DEFAULT_WEBHOOKS, disableAfterFailures: 3, disableAfterMs: 60_000 };

  it('needs both enough failures in a row and enough time failing', () => {
    const longAgo = new Date(now.getTime() - 60_000);
    const justNow = new Date(now.getTime() - 1_000);
    expect(shouldDisable(3, longAgo, rules, now)).toBe(true);
    expect(shouldDisable(2, longAgo, rules, now)).toBe(false);
    expect(shouldDisable(50, justNow, rules, now)).toBe(false);
  });
});

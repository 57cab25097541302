import { describe, expect, it } from 'vitest';
import {
  afterCrash,
  DEFAULT_RESTART_POLICY,
  NO_CRASHES,
  type CrashHistory,
  type RestartPolicy,
} from './restart-policy.js';

/** Runs crashes `gapsMs` apart (each run lasting its gap) and returns the decisions' delays. */
function delaysFor(gapsMs: number[], policy: RestartPolicy = DEFAULT_RESTART_POLICY) {
  let history: CrashHistory = NO_CRASHES;
  let now = 0;
  return gapsMs.map((gap) => {
    const decision = afterCrash(history, { startedAt: now, endedAt: now + gap }, policy);
    now += gap;
    history = decision.history;
    return decision.action === 'restart' ? decision.delayMs : 'give-up';
  });
}

const patient: RestartPolicy = { ...DEFAULT_RESTART_POLICY, maxCrashes: 100 };

describe('afterCrash', () => {
  it('doubles the delay for each crash in a row: 0.5 s, 1 s, 2 s, 4 s', () => {
    expect(delaysFor([20_000, 20_000, 20_000, 20_000], patient)).toEqual([500, 1000, 2000, 4000]);
  });

  it('caps the delay at 30 s', () => {
    expect(
      delaysFor(
        Array.from({ length: 9 }, () => 20_000),
        patient,
      ).slice(-3),
    ).toEqual([30_000, 30_000, 30_000]);
  });

  it('starts the back-off again after a run that stayed up 60 s', () => {
    expect(delaysFor([20_000, 20_000, 20_000, 60_000, 1_000], patient)).toEqual([
      500, 1000, 2000, 500, 1000,
    ]);
  });

  it('gives up on the fifth crash within 60 s', () => {
    expect(delaysFor([1_000, 1_000, 1_000, 1_000, 1_000])).toEqual([
      500,
      1000,
      2000,
      4000,
      'give-up',
    ]);
  });

  it('forgets crashes older than the window', () => {
    // Five crashes, but 20 s apart: never five within one minute.
    expect(delaysFor([20_000, 20_000, 20_000, 20_000, 20_000, 20_000])).not.toContain('give-up');
  });

  it('reports how many crashes made the loop', () => {
    let history: CrashHistory = NO_CRASHES;
    let decision = afterCrash(history, { startedAt: 0, endedAt: 10 });
    for (let i = 1; i < 5; i++) {
      history = decision.history;
      decision = afterCrash(history, { startedAt: i * 10, endedAt: i * 10 + 10 });
    }
    expect(decision).toMatchObject({ action: 'give-up', crashes: 5 });
  });
});

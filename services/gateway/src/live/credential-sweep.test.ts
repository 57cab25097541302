import { describe, expect, it } from 'vitest';
import type { Credential } from '../identity/identity.service.js';
import { startCredentialSweep, type HeldSocket } from './credential-sweep.js';

const session = (id: string): Credential => ({ via: 'session', id });
const token = (id: string): Credential => ({ via: 'token', id });

function socketsHolding(credentials: Credential[]) {
  const ended: number[] = [];
  const sockets: HeldSocket[] = credentials.map((credential, i) => ({
    credential,
    end: () => ended.push(i),
  }));
  return { sockets, ended };
}

describe('credential sweep', () => {
  it('asks once for every distinct credential and ends each socket holding an ended one', async () => {
    const { sockets, ended } = socketsHolding([
      session('a'),
      session('a'),
      token('a'),
      session('b'),
    ]);
    const asked: Credential[][] = [];
    const sweep = startCredentialSweep({
      intervalMs: 60_000,
      sockets: () => sockets,
      endedCredentials: async (held) => {
        asked.push(held);
        return [session('a')];
      },
      onError: (error) => {
        throw error;
      },
    });
    await sweep.sweep();
    sweep.stop();
    expect(asked).toEqual([[session('a'), token('a'), session('b')]]);
    expect(ended).toEqual([0, 1]);
  });

  it('does not start a sweep while one is running, and reports failures', async () => {
    const { sockets, ended } = socketsHolding([token('t')]);
    let calls = 0;
    let fail: ((error: Error) => void) | undefined;
    const errors: unknown[] = [];
    const sweep = startCredentialSweep({
      intervalMs: 60_000,
      sockets: () => sockets,
      endedCredentials: () => {
        calls++;
        return new Promise<Credential[]>((_, reject) => (fail = reject));
      },
      onError: (error) => errors.push(error),
    });
    const first = sweep.sweep();
    const second = sweep.sweep();
    fail!(new Error('database down'));
    await Promise.all([first, second]);
    sweep.stop();
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
    expect(ended).toEqual([]);
  });
});

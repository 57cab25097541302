import { describe, expect, it } from 'vitest';
import { createAdmission } from './admission.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('admission', () => {
  it('runs up to the limit at once, queues the rest in order, and refuses past the queue', async () => {
    const admission = createAdmission({ maxConcurrent: 2, maxQueued: 1 });
    const started: string[] = [];
    const gates = { a: deferred(), b: deferred(), c: deferred() };
    const job = (name: keyof typeof gates) => async () => {
      started.push(name);
      await gates[name].promise;
    };
    expect(admission.submit(job('a'))).toBe(true);
    expect(admission.submit(job('b'))).toBe(true);
    expect(admission.submit(job('c'))).toBe(true);
    expect(admission.submit(async () => undefined)).toBe(false);
    expect(started).toEqual(['a', 'b']);
    expect([admission.running, admission.queued]).toEqual([2, 1]);

    gates.b.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(['a', 'b', 'c']);
    expect([admission.running, admission.queued]).toEqual([2, 0]);

    gates.a.resolve();
    gates.c.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect([admission.running, admission.queued]).toEqual([0, 0]);
  });

  it('frees the slot of work that fails', async () => {
    const admission = createAdmission({ maxConcurrent: 1, maxQueued: 0 });
    admission.submit(() => Promise.reject(new Error('boom')));
    await new Promise((r) => setTimeout(r, 0));
    expect(admission.submit(async () => undefined)).toBe(true);
  });
});

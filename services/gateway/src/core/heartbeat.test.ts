import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepBeating } from './heartbeat.js';

describe('keepBeating', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('beats each interval until stopped, reporting a failed beat and going on', async () => {
    const beat = vi
      .fn<() => Promise<void>>()
      .mockResolvedValueOnce()
      .mockRejectedValueOnce(new Error('database away'))
      .mockResolvedValue();
    const errors: unknown[] = [];
    const stop = keepBeating(beat, (err) => errors.push(err), 1000);

    await vi.advanceTimersByTimeAsync(999);
    expect(beat).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2001);
    expect(beat).toHaveBeenCalledTimes(3);
    expect(errors).toEqual([new Error('database away')]);

    stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(beat).toHaveBeenCalledTimes(3);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounced } from './debounce';

describe('debounced', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads once the delay has passed and hands over the result', async () => {
    const load = vi.fn(async () => 'hits');
    const onResult = vi.fn();
    debounced(load, 150, { onResult });

    await vi.advanceTimersByTimeAsync(149);
    expect(load).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(1);
    expect(onResult).toHaveBeenCalledWith('hits');
  });

  it('never loads when cancelled before the delay', async () => {
    const load = vi.fn(async () => 'hits');
    const cancel = debounced(load, 150, { onResult: vi.fn() });
    cancel();
    await vi.advanceTimersByTimeAsync(500);
    expect(load).not.toHaveBeenCalled();
  });

  it('aborts a request in flight and drops its late result', async () => {
    let finish: (value: string) => void = () => undefined;
    let seen: AbortSignal | undefined;
    const onResult = vi.fn();
    const cancel = debounced(
      (signal) => {
        seen = signal;
        return new Promise<string>((resolve) => (finish = resolve));
      },
      150,
      { onResult },
    );
    await vi.advanceTimersByTimeAsync(150);
    expect(seen?.aborted).toBe(false);

    cancel();
    expect(seen?.aborted).toBe(true);
    finish('stale');
    await vi.runAllTimersAsync();
    expect(onResult).not.toHaveBeenCalled();
  });

  it('reports a failure, but not one that comes after cancelling', async () => {
    const onError = vi.fn();
    debounced(async () => Promise.reject(new Error('down')), 10, { onResult: vi.fn(), onError });
    await vi.advanceTimersByTimeAsync(10);
    expect(onError).toHaveBeenCalledWith(new Error('down'));

    const late = vi.fn();
    let fail: (error: Error) => void = () => undefined;
    const cancel = debounced(() => new Promise<string>((_, reject) => (fail = reject)), 10, {
      onResult: vi.fn(),
      onError: late,
    });
    await vi.advanceTimersByTimeAsync(10);
    cancel();
    fail(new Error('aborted'));
    await vi.runAllTimersAsync();
    expect(late).not.toHaveBeenCalled();
  });
});

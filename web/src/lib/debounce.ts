/** The timer functions `debounced` uses; tests pass fakes. */
export interface Timers {
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const browserTimers: Timers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface DebouncedHandlers<T> {
  /** Called with the result, unless cancelled first. */
  onResult: (value: T) => void;
  /** Called when the load fails, unless cancelled first. */
  onError?: (error: unknown) => void;
}

/**
 * Starts `load` after `delayMs`, handing it an `AbortSignal`. The returned function cancels:
 * it clears the timer, aborts a request in flight and drops any late result or error. Made to be
 * returned from a Svelte `$effect`, so each new input cancels the previous one.
 */
export function debounced<T>(
  load: (signal: AbortSignal) => Promise<T>,
  delayMs: number,
  handlers: DebouncedHandlers<T>,
  timers: Timers = browserTimers,
): () => void {
  const controller = new AbortController();
  const handle = timers.setTimeout(() => {
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) handlers.onResult(value);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) handlers.onError?.(error);
      },
    );
  }, delayMs);
  return () => {
    timers.clearTimeout(handle);
    controller.abort();
  };
}

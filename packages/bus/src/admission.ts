/**
 * Admission control for one RPC service: at most `maxConcurrent` handlers run at once, the rest
 * wait in arrival order, and at most `maxQueued` may wait. Beyond that a request is refused at
 * once, which under overload keeps the service doing the work it can finish in time instead of
 * starting everything and finishing nothing before the callers give up.
 */
export interface Admission {
  /**
   * Runs `work` when a slot is free; `false` when the queue is full (nothing was run). The work
   * handles its own errors: a rejection only frees its slot.
   */
  submit(work: () => Promise<void>): boolean;
  readonly running: number;
  readonly queued: number;
}

export function createAdmission(options: { maxConcurrent: number; maxQueued: number }): Admission {
  let running = 0;
  const waiting: (() => Promise<void>)[] = [];
  const start = (work: () => Promise<void>) => {
    running++;
    const done = () => {
      running--;
      const next = waiting.shift();
      if (next) start(next);
    };
    // The work reports its own failures; here a failure only frees the slot.
    work().then(done, done);
  };
  return {
    submit(work) {
      if (running < options.maxConcurrent) {
        start(work);
        return true;
      }
      if (waiting.length >= options.maxQueued) return false;
      waiting.push(work);
      return true;
    },
    get running() {
      return running;
    },
    get queued() {
      return waiting.length;
    },
  };
}

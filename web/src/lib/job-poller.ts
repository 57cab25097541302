/** A job the server runs in the background (an import, an export) that a page follows. */
interface BackgroundJob {
  id: string;
  status: string;
}

export interface JobPoller<T extends BackgroundJob> {
  /** Follows a job just read: asks again after the interval while it runs. */
  follow(job: T): void;
  /** Reads the job now, then follows it. */
  poll(id: string): Promise<void>;
  /** Stops asking (the page is gone). */
  stop(): void;
}

/**
 * Asks how far a running job is every `intervalMs` until it no longer runs. A failed read is
 * reported and tried again after the interval: the job itself goes on on the server.
 */
export function jobPoller<T extends BackgroundJob>(options: {
  read: (id: string) => Promise<T>;
  onjob: (job: T) => void;
  onerror: (cause: unknown) => void;
  intervalMs?: number;
}): JobPoller<T> {
  const intervalMs = options.intervalMs ?? 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const later = (id: string): void => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void poll(id), intervalMs);
  };

  async function poll(id: string): Promise<void> {
    let job: T;
    try {
      job = await options.read(id);
    } catch (cause) {
      if (stopped) return;
      options.onerror(cause);
      later(id);
      return;
    }
    if (stopped) return;
    options.onjob(job);
    follow(job);
  }

  function follow(job: T): void {
    clearTimeout(timer);
    if (job.status === 'running') later(job.id);
  }

  return {
    follow,
    poll,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * Background jobs a gateway runs (imports, exports) keep their state in Postgres so any gateway
 * can report it. A job whose gateway crashed would read "running" for ever (and an export would
 * block every new one), so a running job beats regularly, and one silent for `JOB_STALE_AFTER_MS`
 * is taken as interrupted by whichever gateway reads it next.
 */
export const JOB_HEARTBEAT_MS = 15_000;
export const JOB_STALE_AFTER_MS = 4 * JOB_HEARTBEAT_MS;

/** Calls `beat` every `intervalMs` until the returned function is called; a failed beat is reported. */
export function keepBeating(
  beat: () => Promise<unknown>,
  onError: (err: unknown) => void,
  intervalMs = JOB_HEARTBEAT_MS,
): () => void {
  const timer = setInterval(() => void beat().catch(onError), intervalMs);
  // A beat never keeps a stopping process alive.
  timer.unref();
  return () => clearInterval(timer);
}

/** Heartbeats older than this mean the job's gateway is gone. */
export function staleBefore(now: Date): Date {
  return new Date(now.getTime() - JOB_STALE_AFTER_MS);
}

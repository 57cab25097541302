/**
 * When to restart a crashed service and when to give up: exponential back-off that resets once a
 * run has lasted long enough, and a crash-loop limit. Pure: times are passed in.
 */
export interface RestartPolicy {
  /** Wait before the first restart; doubles for each crash in a row. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** A run that lasted this long counts as healthy: the back-off starts again from the beginning. */
  readonly resetAfterMs: number;
  /** This many crashes within `crashWindowMs` is a crash loop: stop restarting. */
  readonly maxCrashes: number;
  readonly crashWindowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  resetAfterMs: 60_000,
  maxCrashes: 5,
  crashWindowMs: 60_000,
};

/** What the policy remembers about one service's crashes. */
export interface CrashHistory {
  /** End times of the recent crashes (within the window), oldest first. */
  readonly crashTimes: readonly number[];
  /** Crashes in a row without a healthy run; sets the next delay. */
  readonly streak: number;
}

export const NO_CRASHES: CrashHistory = { crashTimes: [], streak: 0 };

export type RestartDecision =
  | { readonly action: 'restart'; readonly delayMs: number; readonly history: CrashHistory }
  | { readonly action: 'give-up'; readonly crashes: number; readonly history: CrashHistory };

/** Decides what to do after a run that started at `startedAt` crashed at `endedAt` (ms). */
export function afterCrash(
  history: CrashHistory,
  run: { startedAt: number; endedAt: number },
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): RestartDecision {
  const healthy = run.endedAt - run.startedAt >= policy.resetAfterMs;
  const crashTimes = [
    ...history.crashTimes.filter((t) => run.endedAt - t < policy.crashWindowMs),
    run.endedAt,
  ];
  const streak = healthy ? 0 : history.streak;
  if (crashTimes.length >= policy.maxCrashes) {
    return { action: 'give-up', crashes: crashTimes.length, history: { crashTimes, streak } };
  }
  const delayMs = Math.min(policy.initialDelayMs * 2 ** streak, policy.maxDelayMs);
  return { action: 'restart', delayMs, history: { crashTimes, streak: streak + 1 } };
}

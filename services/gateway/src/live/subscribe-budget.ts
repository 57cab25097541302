/** What to do with one subscription message. */
export const BudgetVerdict = {
  /** Within the budget: handle it. */
  accept: 'accept',
  /** Over the budget: answer with a `rate_limited` error and do nothing else. */
  refuse: 'refuse',
  /** Still flooding after being refused this often: close the connection. */
  disconnect: 'disconnect',
} as const;
export type BudgetVerdict = (typeof BudgetVerdict)[keyof typeof BudgetVerdict];

export interface BudgetOptions {
  /** Messages per second a socket may send on average. */
  perSecond: number;
  /** Messages a socket may send at once (a page opening several rooms). */
  burst: number;
  /** Refused messages tolerated, as a multiple of `burst`, before disconnecting. */
  floodFactor?: number;
  now: () => number;
}

/**
 * A token bucket per socket for `*:subscribe` / `*:unsubscribe` messages. Refused messages drain a
 * second bucket (`floodFactor × burst`, refilled at the same rate): a client that keeps sending
 * well past its budget empties it and is disconnected, while one that only bursts now and then
 * gets a few errors and carries on.
 */
export function createSubscribeBudget(options: BudgetOptions): { take(): BudgetVerdict } {
  const tolerance = (options.floodFactor ?? 3) * options.burst;
  let tokens = options.burst;
  let slack = tolerance;
  let last = options.now();
  return {
    take() {
      const now = options.now();
      const refill = (Math.max(0, now - last) / 1000) * options.perSecond;
      last = now;
      tokens = Math.min(options.burst, tokens + refill);
      slack = Math.min(tolerance, slack + refill);
      if (tokens >= 1) {
        tokens -= 1;
        return BudgetVerdict.accept;
      }
      slack -= 1;
      return slack < 0 ? BudgetVerdict.disconnect : BudgetVerdict.refuse;
    },
  };
}

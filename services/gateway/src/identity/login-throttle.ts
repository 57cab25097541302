import { AppError } from '../core/errors.js';
import type { IdentityRepository } from './identity.repository.js';

/**
 * Limits failed sign-ins per account and per client IP (API.md: at most `accountMax` per account
 * and `ipMax` per IP in the window). Failures are rows in Postgres so every gateway instance sees
 * the same count. The limits are separate on purpose: an account locked by typos (or by someone
 * guessing) does not lock out the other people behind the same office address until the IP as a
 * whole reaches its much larger limit. Unknown emails count per email like real accounts, so the
 * answers do not tell which accounts exist.
 *
 * Each attempt is recorded before the password is checked and withdrawn if it turns out not to
 * count (refused outright, or successful). So parallel guesses cannot slip past the limit: the
 * k-th recorded attempt always sees at least k rows.
 */
export interface LoginThrottleOptions {
  repository: IdentityRepository;
  clock: () => Date;
  /** Failures allowed per account (normalized email) in the window. */
  accountMax: number;
  /** Failures allowed per client IP, over every account, in the window. */
  ipMax: number;
  windowMs: number;
}

export interface LoginAttempt {
  /** The attempt succeeded: forget the account's failures (and this attempt's IP row). */
  succeeded(): Promise<void>;
}

/**
 * Seconds until a key with these recent failures (newest first, within the window) drops
 * below `max`, or 0 when it is below already.
 */
export function retryAfterSeconds(
  failuresNewestFirst: readonly Date[],
  max: number,
  windowMs: number,
  now: Date,
): number {
  const unblocking = failuresNewestFirst[max - 1];
  if (!unblocking) return 0;
  return Math.max(1, Math.ceil((unblocking.getTime() + windowMs - now.getTime()) / 1000));
}

export function throttleKeys(normalizedEmail: string, ip: string): { account: string; ip: string } {
  return { account: `acct:${normalizedEmail}`, ip: `ip:${ip}` };
}

export function createLoginThrottle(options: LoginThrottleOptions) {
  const { repository, clock, windowMs } = options;

  return {
    /** Records an attempt, or throws `rate_limited` (with Retry-After) when a key is over its limit. */
    async begin(normalizedEmail: string, ip: string): Promise<LoginAttempt> {
      const keys = throttleKeys(normalizedEmail, ip);
      const limits = [
        { key: keys.account, max: options.accountMax },
        { key: keys.ip, max: options.ipMax },
      ];
      const now = clock();
      const since = new Date(now.getTime() - windowMs);
      const ids = await repository.insertLoginFailures([keys.account, keys.ip], now);
      // This attempt's own rows count: the (max+1)-th attempt in the window is refused.
      const counts = await Promise.all(
        limits.map(({ key, max }) => repository.recentLoginFailures(key, since, max + 1)),
      );
      const over = limits.filter((limit, i) => counts[i]!.length > limit.max);
      if (over.length > 0) {
        await repository.deleteLoginFailures(ids);
        const waits = await Promise.all(
          over.map(async ({ key, max }) =>
            retryAfterSeconds(
              await repository.recentLoginFailures(key, since, max),
              max,
              windowMs,
              clock(),
            ),
          ),
        );
        throw new AppError('rate_limited', 'Too many failed sign-ins. Try again later.', {
          retryAfterSeconds: Math.max(1, ...waits),
        });
      }
      return {
        async succeeded() {
          await repository.clearLoginFailures(keys.account);
          await repository.deleteLoginFailures(ids);
        },
      };
    },

    /** Drops failures older than the window. */
    async purge(): Promise<number> {
      return repository.deleteLoginFailuresBefore(new Date(clock().getTime() - windowMs));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

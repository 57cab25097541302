import type { Actor } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { AppError } from '../core/errors.js';
import { countLinks } from './link-count.js';
import {
  judgeNewcomerWrite,
  newcomerUntil,
  type NewcomerLimits,
  type NewcomerWriteKind,
} from './newcomers.logic.js';
import { newcomersRepository } from './newcomers.repository.js';
import type { GatewayDatabase } from '../db.js';
import type { NewcomersDatabase } from './newcomers.tables.js';

/** One post or answer being written or edited. */
export interface NewcomerWrite {
  kind: NewcomerWriteKind;
  /** The Markdown written (for an edit, the new body; absent when the edit leaves it alone). */
  body?: string;
  /** The post or answer edited. */
  targetId?: string;
}

/**
 * Newcomers' first-day caps around the routes that write posts and answers: `admit` counts the
 * write, runs it, and keeps the count only if it succeeded. Established members and people with
 * a role pass straight through (decided from the actor, without a query).
 */
export function createNewcomerGuard(deps: {
  /** With the newcomers' table in view (`withTables`: identity's own type does not list it). */
  db: Kysely<GatewayDatabase & NewcomersDatabase>;
  limits: NewcomerLimits;
  clock: () => Date;
  /** Told when the bookkeeping after a successful write failed (the write itself stands). */
  onError?: (error: unknown) => void;
}) {
  const repository = newcomersRepository(deps.db);
  return {
    /**
     * Runs `perform` if the person may make this write; throws a 429 `newcomer_post_limit` or
     * `newcomer_link_limit` (with `Retry-After`) otherwise. `idOf` names what a new write became.
     */
    async admit<T>(
      actor: Actor,
      write: NewcomerWrite,
      perform: () => Promise<T>,
      idOf?: (result: T) => string,
    ): Promise<T> {
      const now = deps.clock();
      const until = newcomerUntil(actor, deps.limits, now);
      if (!until || (write.kind === 'edit' && write.body === undefined)) return perform();
      const linksInBody = countLinks(write.body ?? '');
      const { verdict, reservation } = await repository.reserve({
        userId: actor.id,
        kind: write.kind,
        targetId: write.kind === 'edit' ? (write.targetId ?? null) : null,
        at: now,
        staleBefore: new Date(now.getTime() - deps.limits.hours * 3_600_000),
        decide: (ledger) =>
          judgeNewcomerWrite({
            kind: write.kind,
            linksInBody,
            ledger,
            limits: deps.limits,
            until,
            now,
          }),
      });
      if (!verdict.allowed) {
        throw new AppError(verdict.code, verdict.message, {
          retryAfterSeconds: verdict.retryAfterSeconds,
          details: { retryAfterSeconds: verdict.retryAfterSeconds },
        });
      }
      if (!reservation) return perform();
      let result: T;
      try {
        result = await perform();
      } catch (error) {
        // Refused or failed: it does not count. (Should the feed have written it after all, e.g.
        // a reply lost to a timeout, the count is one short; a crash right here leaves it one
        // too many. Either is off by one write at most, in the person's first day only.)
        await repository.release(reservation).catch(deps.onError ?? (() => undefined));
        throw error;
      }
      if (idOf) {
        await repository
          .written(reservation, idOf(result))
          .catch(deps.onError ?? (() => undefined));
      }
      return result;
    },
  };
}

export type NewcomerGuard = ReturnType<typeof createNewcomerGuard>;

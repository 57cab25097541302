import type { BusLogger } from '@outloud/bus';
import type { FeedContext } from '../context.js';
import { emit } from '../events.js';

/** Due reviews handled per transaction. */
export const REVIEW_SWEEP_BATCH = 100;

/**
 * Tells the owners of live, visible, current content whose review date has passed that it is due
 * (`feed.post.review_due.v1`, which notifications turn into `review_due`), at most `batch` of them,
 * in one transaction with `review_notified_at`: each review date is announced once. A confirm
 * clears the mark with the new date, so the next date is announced again. Rows are claimed with
 * SKIP LOCKED, so several feed instances may sweep side by side. Returns how many were announced.
 */
export async function sweepDueReviews(
  ctx: Pick<FeedContext, 'db' | 'names' | 'clock' | 'logger'>,
  options: { batch: number } = { batch: REVIEW_SWEEP_BATCH },
): Promise<number> {
  const now = ctx.clock();
  return ctx.db.transaction().execute(async (trx) => {
    // The first four conditions are the partial index `posts_review_due`'s.
    const due = await trx
      .selectFrom('feed.posts as p')
      .innerJoin('feed.channels as c', 'c.id', 'p.channelId')
      .select([
        'p.id',
        'p.title',
        'p.reviewOwnerId',
        'p.reviewDueAt',
        'p.channelId',
        'c.visibility',
      ])
      .where('p.deletedAt', 'is', null)
      .where('p.reviewDueAt', 'is not', null)
      .where('p.outdatedAt', 'is', null)
      .where('p.reviewDueAt', '<=', now)
      .where('p.reviewNotifiedAt', 'is', null)
      .where('p.hiddenAt', 'is', null)
      .where('p.reviewOwnerId', 'is not', null)
      .orderBy('p.reviewDueAt')
      .limit(options.batch)
      .forUpdate('p')
      .skipLocked()
      .execute();
    for (const post of due) {
      await emit(
        trx,
        ctx,
        'feed.post.review_due.v1',
        {
          postId: post.id,
          ownerId: post.reviewOwnerId!,
          title: post.title,
          dueAt: post.reviewDueAt!.toISOString(),
          channel: { id: post.channelId, visibility: post.visibility },
        },
        null,
        now,
      );
    }
    if (due.length) {
      await trx
        .updateTable('feed.posts')
        .set({ reviewNotifiedAt: now })
        .where(
          'id',
          'in',
          due.map((p) => p.id),
        )
        .execute();
    }
    return due.length;
  });
}

/** Announces every due review now, batch after batch; resolves with how many. */
export async function sweepAllDueReviews(
  ctx: Pick<FeedContext, 'db' | 'names' | 'clock' | 'logger'>,
  batch = REVIEW_SWEEP_BATCH,
): Promise<number> {
  let total = 0;
  for (;;) {
    const swept = await sweepDueReviews(ctx, { batch });
    total += swept;
    if (swept < batch) return total;
  }
}

export interface ReviewSweep {
  /** Stops the timer and waits for a sweep in progress; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Sweeps every `intervalSeconds`: the next sweep is scheduled when the last one ends, so sweeps
 * never overlap. A failed sweep is logged and tried again at the next tick.
 */
export function startReviewSweep(
  ctx: Pick<FeedContext, 'db' | 'names' | 'clock'> & { logger: BusLogger },
  intervalSeconds: number,
): ReviewSweep {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const tick = async () => {
    try {
      const swept = await sweepAllDueReviews(ctx);
      if (swept) ctx.logger.info({ swept }, 'review owners told their reviews are due');
    } catch (error) {
      ctx.logger.warn({ err: error }, 'review sweep failed; will retry');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        schedule();
      });
    }, intervalSeconds * 1000);
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

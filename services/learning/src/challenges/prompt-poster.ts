import type { BusLogger } from '@outloud/bus';
import { sql } from 'kysely';
import type { LearningContext } from '../context.js';
import { emit } from '../events.js';
import { startOfDay } from './calendar.js';
import { promptPost } from './challenges.logic.js';

const RETRY_MS = 5 * 60_000;

export interface PromptPoster {
  /** Posts every prompt that is due now; resolves with how many were posted. */
  runOnce(): Promise<number>;
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Posts each challenge day's prompt in the challenge's channel once that day has started in the
 * challenge's time zone, as the person who created the challenge. A row lock per challenge lets
 * several instances run side by side; `next_prompt_day` moves forward in the same transaction that
 * records the post, so each day is posted once. (If the commit itself failed after the feed
 * accepted the post, the retry would post that day again: a rare duplicate we accept rather than
 * a two-phase protocol with the feed.)
 */
export function startPromptPoster(
  ctx: LearningContext,
  logger: BusLogger,
  intervalMs = 30_000,
): PromptPoster {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;

  const postOne = async (): Promise<boolean> =>
    ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock();
      const due = await trx
        .selectFrom('learn.challenges')
        .select([
          'id',
          'channelId',
          'title',
          'days',
          'tag',
          'prompts',
          'createdBy',
          'startDate',
          'timeZone',
          'nextPromptDay',
        ])
        .where('nextPromptAt', '<=', now)
        .where(sql<boolean>`next_prompt_day <= days`)
        .orderBy('nextPromptAt')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!due) return false;
      const day = due.nextPromptDay;
      let post;
      try {
        ({ post } = await ctx.feed.call('createPost', {
          actor: due.createdBy,
          input: { channelId: due.channelId, ...promptPost(due, day) },
        }));
      } catch (error) {
        // Feed down or the creator lost access: try this challenge again later, the others now.
        logger.warn({ err: error, challengeId: due.id, day }, 'could not post a challenge prompt');
        await trx
          .updateTable('learn.challenges')
          .set({ nextPromptAt: new Date(now.getTime() + RETRY_MS) })
          .where('id', '=', due.id)
          .execute();
        return true;
      }
      await trx
        .insertInto('learn.challengePrompts')
        .values({ challengeId: due.id, day, postId: post.id, postedAt: now })
        .execute();
      await trx
        .updateTable('learn.challenges')
        .set({ nextPromptDay: day + 1, nextPromptAt: startOfDay(due, day + 1) })
        .where('id', '=', due.id)
        .execute();
      await emit(
        trx,
        ctx.names,
        'learning.challenge.prompt_posted.v1',
        { challengeId: due.id, channelId: due.channelId, day, postId: post.id },
        null,
        now,
      );
      return true;
    });

  const runOnce = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let posted = 0;
      try {
        do {
          again = false;
          while (!stopped && (await postOne())) posted++;
        } while (again && !stopped);
      } catch (error) {
        logger.warn({ err: error }, 'could not post a challenge prompt; will retry');
      } finally {
        running = undefined;
      }
      return posted;
    })();
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().finally(schedule), intervalMs);
  };
  schedule();

  return {
    runOnce,
    wake: () => void runOnce(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

import type { RpcHandlers } from '@outloud/bus';
import { Limits, type LearningRpc } from '@outloud/contracts';
import { isCalendarDate } from '../challenges/calendar.js';
import type { LearningContext } from '../context.js';
import { decodeCursor, pageOf } from '../cursor.js';
import { errors } from '../errors.js';
import { findGoal } from '../goals/goals.repository.js';
import { logColumns, logPostBody, logPostTitle, toLogEntry } from './log.logic.js';

/** The progress log: dated entries, optionally published to a channel as the person. */
export function logHandlers(
  ctx: LearningContext,
): Pick<RpcHandlers<typeof LearningRpc>, 'createLogEntry' | 'listLog' | 'deleteLogEntry'> {
  const { db } = ctx;
  return {
    async createLogEntry({ actor, input }) {
      const now = ctx.clock();
      const date = input.date ?? now.toISOString().slice(0, 10);
      if (!isCalendarDate(date)) throw errors.invalid('date', 'must be a real date');
      const text = {
        learned: input.learned ?? '',
        tried: input.tried ?? '',
        next: input.next ?? '',
      };
      if (!Object.values(text).some((t) => t.trim())) {
        throw errors.invalid('learned', 'write what you learned, tried or will do next');
      }
      if (input.goalId) {
        const goal = await findGoal(db, input.goalId);
        if (!goal || goal.ownerId !== actor.id) throw errors.goalNotFound();
      }
      // Publishing happens first: if the feed refuses (no access to the channel), nothing is kept.
      let postId: string | null = null;
      if (input.publish) {
        const { post } = await ctx.feed.call('createPost', {
          actor,
          input: {
            channelId: input.publish.channelId,
            kind: 'tip',
            title: input.publish.title ?? logPostTitle({ ...text, date }),
            body: logPostBody(text),
            tags: input.publish.tags ?? [],
          },
        });
        postId = post.id;
      }
      const id = ctx.newId();
      const row = await db
        .insertInto('learn.logEntries')
        .values({
          id,
          ownerId: actor.id,
          goalId: input.goalId ?? null,
          date,
          ...text,
          // Publishing shares the text with the channel's readers only (it may be private): the
          // entry itself stays as visible as its author chose.
          visibility: input.visibility ?? 'private',
          postId,
          createdAt: now,
        })
        .returning(logColumns)
        .executeTakeFirstOrThrow();
      return { entry: toLogEntry(row) };
    },

    async listLog({ actor, query }) {
      const limit = query.limit ?? Limits.pageDefault;
      const after = decodeCursor(query.cursor);
      const rows = await db
        .selectFrom('learn.logEntries')
        .select(logColumns)
        .where('ownerId', '=', actor.id)
        .$if(query.goalId !== undefined, (q) => q.where('goalId', '=', query.goalId!))
        .$if(after !== undefined, (q) =>
          q.where((eb) => eb(eb.refTuple('createdAt', 'id'), '<', eb.tuple(after!.at, after!.id))),
        )
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      return pageOf(rows, limit, (r) => ({ at: r.createdAt, id: r.id }), toLogEntry);
    },

    async deleteLogEntry({ actor, id }) {
      const deleted = await db
        .deleteFrom('learn.logEntries')
        .where('id', '=', id)
        .where('ownerId', '=', actor.id)
        .executeTakeFirst();
      if (!deleted.numDeletedRows) throw errors.notFound('Log entry not found.');
      return { ok: true };
    },
  };
}

import type { RpcHandlers } from '@outloud/bus';
import { Limits, type LearningRpc } from '@outloud/contracts';
import { isCalendarDate } from '../challenges/calendar.js';
import type { Kysely } from 'kysely';
import type { LearningContext } from '../context.js';
import type { LearnDB } from '../db.js';
import { decodeCursor, pageOf } from '../cursor.js';
import { errors } from '../errors.js';
import { findContribution } from '../projection/contributions.repository.js';
import { canRead, MANUAL_TARGET, relationTo, statusAfterProgress, toGoal } from './goals.logic.js';
import { evidenceOf, findGoal, listGoalsOf, managerOf } from './goals.repository.js';
import { recountGoals } from './progress.js';

type GoalVerbs =
  | 'createGoal'
  | 'listGoals'
  | 'getGoal'
  | 'updateGoal'
  | 'deleteGoal'
  | 'addEvidence'
  | 'removeEvidence'
  | 'setManager'
  | 'getManager';

function checkTargetDate(value: string | null | undefined): void {
  if (value && !isCalendarDate(value)) throw errors.invalid('targetDate', 'must be a real date');
}

/** Goals, their evidence, and who the person's manager is. Only owners change goals. */
export function goalHandlers(
  ctx: LearningContext,
): Pick<RpcHandlers<typeof LearningRpc>, GoalVerbs> {
  const { db } = ctx;
  const ownGoal = async (actorId: string, id: string, trx: Kysely<LearnDB> = db) => {
    // Inside a transaction the row stays locked, so two edits at once cannot lose one another.
    const goal = await findGoal(trx, id, { forUpdate: trx !== db });
    // Someone else's goal is "not found", whatever its visibility: changes are the owner's.
    if (!goal || goal.ownerId !== actorId) throw errors.goalNotFound();
    return goal;
  };

  return {
    async createGoal({ actor, input }) {
      checkTargetDate(input.targetDate);
      const now = ctx.clock();
      const id = ctx.newId();
      await db
        .insertInto('learn.goals')
        .values({
          id,
          ownerId: actor.id,
          title: input.title,
          why: input.why ?? '',
          targetDate: input.targetDate ?? null,
          tags: input.tags ?? [],
          visibility: input.visibility ?? 'private',
          status: 'active',
          metric: input.measure?.metric ?? null,
          metricTag: input.measure?.tag ?? null,
          targetCount: input.measure?.count ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      return { goal: toGoal((await findGoal(db, id))!) };
    },

    async listGoals({ actor, query }) {
      const limit = query.limit ?? Limits.pageDefault;
      const after = decodeCursor(query.cursor);
      const rows = await listGoalsOf(db, {
        ownerId: actor.id,
        visibilities: ['private', 'manager', 'public'],
        status: query.status,
        after: after && { createdAt: after.at, id: after.id },
        limit: limit + 1,
      });
      return pageOf(rows, limit, (r) => ({ at: r.createdAt, id: r.id }), toGoal);
    },

    async getGoal({ actor, channelIds, id }) {
      const goal = await findGoal(db, id);
      if (!goal) throw errors.goalNotFound();
      const manager = await managerOf(db, goal.ownerId);
      const relation = relationTo(actor, goal.ownerId, manager?.managerId ?? null);
      if (!canRead(relation, goal.visibility)) throw errors.goalNotFound();
      const evidence = await evidenceOf(db, [goal.id], relation === 'owner' ? 'all' : channelIds);
      return { goal: toGoal(goal, relation), evidence: evidence.get(goal.id) ?? [] };
    },

    async updateGoal({ actor, id, input }) {
      checkTargetDate(input.targetDate);
      const now = ctx.clock();
      await db.transaction().execute(async (trx) => {
        const goal = await ownGoal(actor.id, id, trx);
        if (input.progress !== undefined && goal.metric !== null) {
          throw errors.invalid('progress', 'measurable goals count their progress themselves');
        }
        const progress = input.progress ?? goal.progress;
        const target = goal.targetCount ?? MANUAL_TARGET;
        let status = input.status ?? goal.status;
        if (input.progress !== undefined && input.status === undefined) {
          status = statusAfterProgress(goal.status, progress, target);
        }
        await trx
          .updateTable('learn.goals')
          .set({
            ...(input.title !== undefined ? { title: input.title } : {}),
            ...(input.why !== undefined ? { why: input.why } : {}),
            ...(input.targetDate !== undefined ? { targetDate: input.targetDate } : {}),
            ...(input.tags !== undefined ? { tags: input.tags } : {}),
            ...(input.visibility !== undefined ? { visibility: input.visibility } : {}),
            progress,
            status,
            achievedAt: status === 'achieved' ? (goal.achievedAt ?? now) : null,
            updatedAt: now,
          })
          .where('id', '=', id)
          .execute();
        // A measurable goal brought back from the archive catches up with what happened meanwhile.
        if (goal.metric !== null && goal.status === 'archived' && status !== 'archived') {
          await recountGoals(trx, ctx.names, [actor.id], now, actor);
        }
      });
      return { goal: toGoal((await findGoal(db, id))!) };
    },

    async deleteGoal({ actor, id }) {
      await ownGoal(actor.id, id);
      await db.deleteFrom('learn.goals').where('id', '=', id).execute();
      return { ok: true };
    },

    async addEvidence({ actor, goalId, input }) {
      await ownGoal(actor.id, goalId);
      const given = (['postId', 'answerId', 'url'] as const).filter((k) => input[k] !== undefined);
      if (given.length !== 1) {
        throw errors.invalid(given[1] ?? 'postId', 'give exactly one of postId, answerId or url');
      }
      const now = ctx.clock();
      const id = ctx.newId();
      let row;
      if (input.url !== undefined) {
        if (!input.title) throw errors.invalid('title', 'a link needs a title');
        row = {
          kind: 'link' as const,
          postId: null,
          answerId: null,
          channelId: null,
          url: input.url,
          title: input.title,
        };
      } else {
        const contentId = (input.postId ?? input.answerId)!;
        const found = await findContribution(db, contentId);
        const wanted: 'answer' | 'post' = input.answerId !== undefined ? 'answer' : 'post';
        const kindMatches = found && (wanted === 'answer') === (found.kind === 'answer');
        // Only your own posts and answers are evidence of your learning.
        if (!found || found.deleted || !kindMatches || found.authorId !== actor.id) {
          throw errors.postNotFound(
            wanted === 'answer'
              ? 'No answer of yours with that id.'
              : 'No post of yours with that id.',
          );
        }
        row = {
          kind: wanted,
          postId: found.postId,
          answerId: wanted === 'answer' ? found.id : null,
          channelId: found.channelId,
          url: null,
          title: input.title ?? found.title,
        };
      }
      const inserted = await db
        .insertInto('learn.evidence')
        .values({ id, goalId, ...row, note: input.note ?? '', addedAt: now })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (!inserted.numInsertedOrUpdatedRows)
        throw errors.conflict('That is already evidence for this goal.');
      return {
        evidence: {
          id,
          goalId,
          ...row,
          note: input.note ?? '',
          addedAt: now.toISOString(),
        },
      };
    },

    async removeEvidence({ actor, goalId, id }) {
      await ownGoal(actor.id, goalId);
      const deleted = await db
        .deleteFrom('learn.evidence')
        .where('id', '=', id)
        .where('goalId', '=', goalId)
        .executeTakeFirst();
      if (!deleted.numDeletedRows) throw errors.notFound('Evidence not found.');
      return { ok: true };
    },

    async setManager({ actor, manager }) {
      if (manager && manager.id === actor.id) {
        throw errors.invalid('handle', 'you cannot be your own manager');
      }
      await db
        .insertInto('learn.people')
        .values({
          userId: actor.id,
          managerId: manager?.id ?? null,
          managerHandle: manager?.handle ?? null,
          managerDisplayName: manager?.displayName ?? null,
        })
        .onConflict((oc) =>
          oc.column('userId').doUpdateSet({
            managerId: manager?.id ?? null,
            managerHandle: manager?.handle ?? null,
            managerDisplayName: manager?.displayName ?? null,
          }),
        )
        .execute();
      return { manager };
    },

    async getManager({ actor }) {
      const row = await managerOf(db, actor.id);
      return {
        manager:
          row?.managerId && row.managerHandle && row.managerDisplayName
            ? { id: row.managerId, handle: row.managerHandle, displayName: row.managerDisplayName }
            : null,
      };
    },
  };
}

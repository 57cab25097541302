import type { RpcHandlers } from '@outloud/bus';
import type { Actor, LearningRpc, LearningVisibility } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { LearningContext } from '../context.js';
import type { LearnDB } from '../db.js';
import { readableVisibilities, relationTo, toGoal } from '../goals/goals.logic.js';
import { evidenceOf, listGoalsOf, managerOf } from '../goals/goals.repository.js';
import { logColumns, toLogEntry } from '../log/log.logic.js';
import { sharingBadges } from './badges.js';
import { portfolioHtml, portfolioMarkdown } from './export.js';

/** How much of a record a portfolio page or export shows at most. */
const PORTFOLIO_GOALS = 100;
const PORTFOLIO_LOG = 200;

async function record(
  db: Kysely<LearnDB>,
  ownerId: string,
  visibilities: LearningVisibility[],
  visibleChannelIds: readonly string[] | 'all',
) {
  const goals = await listGoalsOf(db, { ownerId, visibilities, limit: PORTFOLIO_GOALS });
  const evidence = await evidenceOf(
    db,
    goals.map((g) => g.id),
    visibleChannelIds,
  );
  const log = await db
    .selectFrom('learn.logEntries')
    .select(logColumns)
    .where('ownerId', '=', ownerId)
    .where('visibility', 'in', visibilities)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(PORTFOLIO_LOG)
    .execute();
  return {
    goals: goals.map((g) => ({ goal: toGoal(g), evidence: evidence.get(g.id) ?? [] })),
    log: log.map(toLogEntry),
  };
}

/** Portfolios as others see them, the owner's export, and sharing badges. */
export function portfolioHandlers(
  ctx: LearningContext,
): Pick<RpcHandlers<typeof LearningRpc>, 'portfolio' | 'exportPortfolio' | 'badges'> {
  const { db } = ctx;
  return {
    async portfolio({ actor, channelIds, owner }) {
      const manager = await managerOf(db, owner.id);
      const relation = relationTo(actor, owner.id, manager?.managerId ?? null);
      const [content, badges] = await Promise.all([
        record(
          db,
          owner.id,
          readableVisibilities(relation),
          relation === 'owner' ? 'all' : channelIds,
        ),
        sharingBadges(db, [owner.id], ctx.clock()),
      ]);
      return {
        user: { id: owner.id, handle: owner.handle, displayName: owner.displayName },
        badges: badges.get(owner.id) ?? [],
        ...content,
      };
    },

    async exportPortfolio({ actor, format }) {
      const content = await record(db, actor.id, readableVisibilities('owner'), 'all');
      const data = { owner: ownerOf(actor), ...content, generatedAt: ctx.clock() };
      return { content: format === 'html' ? portfolioHtml(data) : portfolioMarkdown(data) };
    },

    async badges({ userIds }) {
      const found = await sharingBadges(db, userIds, ctx.clock());
      return { items: [...found].map(([userId, badges]) => ({ userId, badges })) };
    },
  };
}

function ownerOf(actor: Actor) {
  return { handle: actor.handle, displayName: actor.displayName };
}

import type { RpcHandlers } from '@outloud/bus';
import type { Actor, LearningRpc } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { LearningContext } from '../context.js';
import type { LearnDB } from '../db.js';
import { readableVisibilities, relationTo, toGoal, type Relation } from '../goals/goals.logic.js';
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
  viewer: Relation,
  visibleChannelIds: readonly string[] | 'all',
) {
  const visibilities = readableVisibilities(viewer);
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
  const shownPosts = await visiblePosts(db, log, visibleChannelIds);
  return {
    goals: goals.map((g) => ({ goal: toGoal(g, viewer), evidence: evidence.get(g.id) ?? [] })),
    // An entry published in a channel the viewer cannot see keeps its text (its author shared
    // it) but not the post: its id would tell that the author wrote in that channel.
    log: log.map((entry) =>
      toLogEntry(
        entry.postId && !shownPosts.has(entry.postId) ? { ...entry, postId: null } : entry,
      ),
    ),
  };
}

/** The log entries' posts that the viewer may see (unknown or deleted posts are not shown). */
async function visiblePosts(
  db: Kysely<LearnDB>,
  log: readonly { postId: string | null }[],
  visibleChannelIds: readonly string[] | 'all',
): Promise<Set<string>> {
  const postIds = log.flatMap((e) => (e.postId ? [e.postId] : []));
  if (visibleChannelIds === 'all') return new Set(postIds);
  if (!postIds.length || !visibleChannelIds.length) return new Set();
  const rows = await db
    .selectFrom('learn.contributions')
    .select('id')
    .where('id', 'in', postIds)
    .where('deleted', '=', false)
    .where('channelId', 'in', visibleChannelIds as string[])
    .execute();
  return new Set(rows.map((r) => r.id));
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
        record(db, owner.id, relation, relation === 'owner' ? 'all' : channelIds),
        sharingBadges(db, [owner.id], ctx.clock()),
      ]);
      return {
        user: { id: owner.id, handle: owner.handle, displayName: owner.displayName },
        badges: badges.get(owner.id) ?? [],
        ...content,
      };
    },

    async exportPortfolio({ actor, format }) {
      const content = await record(db, actor.id, 'owner', 'all');
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

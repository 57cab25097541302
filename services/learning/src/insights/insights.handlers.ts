import type { RpcHandlers } from '@outloud/bus';
import type { LearningRpc } from '@outloud/contracts';
import { MIN_GROUP_SIZE } from '../challenges/challenges.logic.js';
import { leadsLearning, type LearningContext } from '../context.js';
import { errors } from '../errors.js';
import { findContribution } from '../projection/contributions.repository.js';
import {
  activityFigures,
  campaignFigures,
  challengeFigures,
  contributorsSince,
  emergingExperts,
} from './insights.repository.js';

const DEFAULT_WINDOW_DAYS = 30;
const EXPERT_WINDOW_MS = 30 * 86_400_000;

/**
 * Team insights: aggregates for managers and L&D over a channel they can see. Every figure
 * describes a group of at least MIN_GROUP_SIZE people or is withheld.
 */
const WINDOWS = [7, 30, 90, 365];

export function insightsHandlers(
  ctx: LearningContext,
): Pick<RpcHandlers<typeof LearningRpc>, 'insights' | 'markCampaign' | 'recordOpen'> {
  const { db } = ctx;
  return {
    async insights({ actor, channelIds, query }) {
      if (!leadsLearning(actor)) {
        throw errors.forbidden('Team insights are for managers and L&D.');
      }
      if (!channelIds.includes(query.channelId)) throw errors.channelNotFound();
      const now = ctx.clock();
      const windowDays = query.days ?? DEFAULT_WINDOW_DAYS;
      // A few fixed windows only: two free lengths a day apart could be subtracted to single out
      // one day's activity (and perhaps one person's).
      if (!WINDOWS.includes(windowDays))
        throw errors.invalid('days', `must be one of ${WINDOWS.join(', ')}`);
      const since = new Date(now.getTime() - windowDays * 86_400_000);
      const channel = await db
        .selectFrom('learn.channels')
        .select('memberCount')
        .where('id', '=', query.channelId)
        .executeTakeFirst();
      const members = channel?.memberCount ?? 0;
      // Activity describes the people who contributed in the window: fewer than the minimum
      // and the figures would tell about individuals, so none are shown.
      const figures = await activityFigures(db, query.channelId, since, now);
      const { totals } = figures;
      const withheld = totals.contributors < MIN_GROUP_SIZE;
      let activity = null;
      if (!withheld) {
        const recent = await contributorsSince(
          db,
          query.channelId,
          new Date(now.getTime() - EXPERT_WINDOW_MS),
        );
        activity = {
          posts: totals.posts,
          questions: totals.questions,
          answers: totals.answers,
          answerRate: totals.questions ? totals.answered / totals.questions : null,
          medianHoursToFirstAnswer:
            totals.medianHours === null ? null : Math.round(totals.medianHours * 10) / 10,
          contributors: totals.contributors,
          unansweredOver48h: figures.unanswered,
          topTags: figures.topTags,
          weekly: figures.weekly,
          // Names without figures, and only from a group large enough not to single anyone out.
          emergingExperts:
            recent >= MIN_GROUP_SIZE ? await emergingExperts(db, query.channelId, now) : [],
        };
      }
      const [challenges, campaigns] = await Promise.all([
        challengeFigures(db, query.channelId),
        campaignFigures(db, query.channelId),
      ]);
      return {
        channelId: query.channelId,
        windowDays,
        members,
        minGroupSize: MIN_GROUP_SIZE,
        withheld,
        activity,
        challenges: challenges.map((c) => {
          const small = c.participants < MIN_GROUP_SIZE;
          return {
            challengeId: c.challengeId,
            title: c.title,
            days: c.days,
            participants: c.participants,
            averageCompletion: small ? null : c.checkins / (c.participants * c.days),
            withheld: small,
          };
        }),
        campaigns: campaigns.map((c) => ({
          postId: c.postId,
          name: c.name,
          title: c.title,
          // Reach is shown once the audience (members, or readers of a public channel) is large enough.
          opened: Math.max(members, c.opened) >= MIN_GROUP_SIZE ? c.opened : null,
          members,
        })),
      };
    },

    async markCampaign({ actor, channelIds, postId, input }) {
      if (!leadsLearning(actor)) {
        throw errors.forbidden('Only L&D, managers and admins run campaigns.');
      }
      const post = await findContribution(db, postId);
      if (!post || post.deleted || post.kind === 'answer' || !channelIds.includes(post.channelId)) {
        throw errors.postNotFound();
      }
      if (post.kind !== 'announcement') {
        throw errors.invalid('postId', 'only announcements can be part of a campaign');
      }
      await db
        .insertInto('learn.campaigns')
        .values({
          postId,
          channelId: post.channelId,
          name: input.name,
          markedBy: actor.id,
          createdAt: ctx.clock(),
        })
        .onConflict((oc) => oc.column('postId').doUpdateSet({ name: input.name }))
        .execute();
      return { ok: true };
    },

    async recordOpen({ actor, postId }) {
      // Counted once per person, and only for announcements that are part of a campaign.
      await db
        .insertInto('learn.campaignOpens')
        .columns(['postId', 'userId', 'openedAt'])
        .expression((eb) =>
          eb
            .selectFrom('learn.campaigns')
            .select(['postId', eb.val(actor.id).as('userId'), eb.val(ctx.clock()).as('openedAt')])
            .where('postId', '=', postId),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
      return { ok: true };
    },
  };
}

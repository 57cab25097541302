import Type from 'typebox';
import { AuthorRef, Id, Timestamp } from '../common.js';

/**
 * Team insights for managers and L&D: aggregates over one channel. Nothing here is per person
 * except the names of emerging experts (no counts), and every block is withheld when the group
 * it describes has fewer than `minGroupSize` people.
 */
export const InsightsQuery = Type.Object(
  {
    channelId: Id,
    /** 7, 30, 90 or 365 (fixed windows, so two of them cannot single out one day). */
    days: Type.Optional(Type.Integer({ minimum: 7, maximum: 365 })),
  },
  { additionalProperties: false },
);
export type InsightsQuery = Type.Static<typeof InsightsQuery>;

export const ActivityInsights = Type.Object({
  posts: Type.Integer(),
  questions: Type.Integer(),
  answers: Type.Integer(),
  /** Share (0–1) of the window's questions with at least one answer. */
  answerRate: Type.Union([Type.Number(), Type.Null()]),
  medianHoursToFirstAnswer: Type.Union([Type.Number(), Type.Null()]),
  contributors: Type.Integer(),
  unansweredOver48h: Type.Array(
    Type.Object({ postId: Id, title: Type.String(), createdAt: Timestamp }),
  ),
  topTags: Type.Array(Type.Object({ tag: Type.String(), count: Type.Integer() })),
  /** Posts per week, oldest first. */
  weekly: Type.Array(
    Type.Object({ weekStart: Type.String(), posts: Type.Integer(), answers: Type.Integer() }),
  ),
  /** People whose expertise in this channel grew most in the last 30 days, best first. */
  emergingExperts: Type.Array(AuthorRef),
});
export type ActivityInsights = Type.Static<typeof ActivityInsights>;

export const ChallengeInsight = Type.Object({
  challengeId: Id,
  title: Type.String(),
  days: Type.Integer(),
  participants: Type.Integer(),
  /** Mean share (0–1) of days checked in; null when withheld. */
  averageCompletion: Type.Union([Type.Number(), Type.Null()]),
  withheld: Type.Boolean(),
});
export type ChallengeInsight = Type.Static<typeof ChallengeInsight>;

export const CampaignInsight = Type.Object({
  postId: Id,
  name: Type.String(),
  title: Type.String(),
  /** Members who opened the announcement; null while the channel's audience is under the minimum. */
  opened: Type.Union([Type.Integer(), Type.Null()]),
  members: Type.Integer(),
});
export type CampaignInsight = Type.Static<typeof CampaignInsight>;

export const Insights = Type.Object({
  channelId: Id,
  windowDays: Type.Integer(),
  members: Type.Integer(),
  minGroupSize: Type.Integer(),
  /** True when fewer than `minGroupSize` people contributed in the window: activity is withheld. */
  withheld: Type.Boolean(),
  activity: Type.Union([ActivityInsights, Type.Null()]),
  challenges: Type.Array(ChallengeInsight),
  campaigns: Type.Array(CampaignInsight),
});
export type Insights = Type.Static<typeof Insights>;

export const CampaignBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 80 }) },
  { additionalProperties: false },
);
export type CampaignBody = Type.Static<typeof CampaignBody>;

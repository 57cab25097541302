import Type from 'typebox';
import {
  ChallengeListQuery,
  ChallengePage,
  ChallengeResponse,
  CheckInResponse,
  Cohort,
  CreateChallengeBody,
} from '../api/challenges.js';
import { CampaignBody, Insights, InsightsQuery } from '../api/insights.js';
import {
  AddEvidenceBody,
  CreateGoalBody,
  CreateLogEntryBody,
  EvidenceResponse,
  ExportFormat,
  GoalListQuery,
  GoalPage,
  GoalResponse,
  GoalWithEvidence,
  LogEntryResponse,
  LogListQuery,
  LogPage,
  ManagerResponse,
  Portfolio,
  UpdateGoalBody,
} from '../api/learning.js';
import { Actor, AuthorRef, Badge, Id, Limits } from '../common.js';
import { LearningVerbs } from '../subjects.js';
import { Ok } from './feed.js';
import { ErasePersonRpc, LearningExportRecordsRpc } from './records.js';

const withActor = <P extends Type.TProperties>(properties: P) =>
  Type.Object({ actor: Actor, ...properties });
/** `channelIds` is the set the actor may see, computed by the gateway from feed. */
const scoped = <P extends Type.TProperties>(properties: P) =>
  Type.Object({ actor: Actor, channelIds: Type.Array(Id), ...properties });

/** Request and reply schemas of `svc.learning.*`; the service checks every permission itself. */
export const LearningRpc = {
  [LearningVerbs.createGoal]: {
    request: withActor({ input: CreateGoalBody }),
    reply: GoalResponse,
  },
  [LearningVerbs.listGoals]: { request: withActor({ query: GoalListQuery }), reply: GoalPage },
  [LearningVerbs.getGoal]: { request: scoped({ id: Id }), reply: GoalWithEvidence },
  [LearningVerbs.updateGoal]: {
    request: withActor({ id: Id, input: UpdateGoalBody }),
    reply: GoalResponse,
  },
  [LearningVerbs.deleteGoal]: { request: withActor({ id: Id }), reply: Ok },
  [LearningVerbs.addEvidence]: {
    request: withActor({ goalId: Id, input: AddEvidenceBody }),
    reply: EvidenceResponse,
  },
  [LearningVerbs.removeEvidence]: { request: withActor({ goalId: Id, id: Id }), reply: Ok },
  /** `manager` comes from identity (the gateway checked the person has the manager role). */
  [LearningVerbs.setManager]: {
    request: withActor({ manager: Type.Union([AuthorRef, Type.Null()]) }),
    reply: ManagerResponse,
  },
  [LearningVerbs.getManager]: { request: withActor({}), reply: ManagerResponse },

  [LearningVerbs.createLogEntry]: {
    request: withActor({ input: CreateLogEntryBody }),
    reply: LogEntryResponse,
  },
  [LearningVerbs.listLog]: { request: withActor({ query: LogListQuery }), reply: LogPage },
  [LearningVerbs.deleteLogEntry]: { request: withActor({ id: Id }), reply: Ok },

  /** `owner` comes from identity (the gateway resolved the handle). */
  [LearningVerbs.portfolio]: {
    request: scoped({ owner: AuthorRef }),
    reply: Portfolio,
  },
  [LearningVerbs.exportPortfolio]: {
    request: scoped({ format: ExportFormat }),
    reply: Type.Object({ content: Type.String() }),
  },
  /** Badges earned by sharing (the gateway adds role badges), for up to 200 people. */
  [LearningVerbs.badges]: {
    request: Type.Object({ userIds: Type.Array(Id, { maxItems: 200 }) }),
    reply: Type.Object({
      items: Type.Array(Type.Object({ userId: Id, badges: Type.Array(Badge) })),
    }),
  },

  [LearningVerbs.createChallenge]: {
    request: scoped({ input: CreateChallengeBody }),
    reply: ChallengeResponse,
  },
  [LearningVerbs.listChallenges]: {
    request: scoped({ query: ChallengeListQuery }),
    reply: ChallengePage,
  },
  [LearningVerbs.getChallenge]: { request: scoped({ id: Id }), reply: ChallengeResponse },
  [LearningVerbs.joinChallenge]: { request: scoped({ id: Id }), reply: ChallengeResponse },
  [LearningVerbs.leaveChallenge]: { request: scoped({ id: Id }), reply: ChallengeResponse },
  [LearningVerbs.checkIn]: {
    request: scoped({
      id: Id,
      day: Type.Integer({ minimum: 1 }),
      body: Type.String({ minLength: 1, maxLength: Limits.bodyMax }),
    }),
    reply: CheckInResponse,
  },
  [LearningVerbs.cohort]: { request: scoped({ id: Id }), reply: Cohort },

  [LearningVerbs.insights]: { request: scoped({ query: InsightsQuery }), reply: Insights },
  [LearningVerbs.markCampaign]: {
    request: scoped({ postId: Id, input: CampaignBody }),
    reply: Ok,
  },
  /** A person opened a post; counted only for campaign announcements. */
  [LearningVerbs.recordOpen]: { request: withActor({ postId: Id }), reply: Ok },
  /** Export pages and account deletion (see `./records.ts`). */
  [LearningVerbs.exportRecords]: LearningExportRecordsRpc,
  [LearningVerbs.erasePerson]: ErasePersonRpc,
} as const;

import Type from 'typebox';
import { AuthorRef, Badge, Id, Limits, PageQuery, Tag, Timestamp, Page } from '../common.js';

/**
 * The personal learning record: goals (with optional measurable targets that advance from feed
 * activity), evidence attached to goals, and the dated progress log.
 */

/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDate = Type.String({ format: 'date' });

/** Who may see a goal or a log entry besides its owner. */
export const LearningVisibility = Type.Union([
  Type.Literal('private'),
  Type.Literal('manager'),
  Type.Literal('public'),
]);
export type LearningVisibility = Type.Static<typeof LearningVisibility>;

/** What a measurable goal counts (only contributions made after the goal was set). */
export const GoalMetric = Type.Union([
  /** Answers to questions. */
  Type.Literal('answers'),
  Type.Literal('accepted_answers'),
  Type.Literal('tips'),
  Type.Literal('questions'),
  /** Tips, questions and announcements. */
  Type.Literal('posts'),
]);
export type GoalMetric = Type.Static<typeof GoalMetric>;

export const GoalMeasure = Type.Object(
  {
    metric: GoalMetric,
    /** Only contributions on posts carrying this tag count. */
    tag: Type.Optional(Tag),
    count: Type.Integer({ minimum: 1, maximum: 1000 }),
  },
  { additionalProperties: false },
);
export type GoalMeasure = Type.Static<typeof GoalMeasure>;

export const GoalStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('achieved'),
  Type.Literal('archived'),
]);
export type GoalStatus = Type.Static<typeof GoalStatus>;

export const Goal = Type.Object({
  id: Id,
  ownerId: Id,
  title: Type.String(),
  why: Type.String(),
  targetDate: Type.Union([CalendarDate, Type.Null()]),
  tags: Type.Array(Type.String()),
  visibility: LearningVisibility,
  status: GoalStatus,
  /** Null for goals updated by hand. */
  measure: Type.Union([GoalMeasure, Type.Null()]),
  /**
   * Counted contributions (measurable goals) or percent done (goals updated by hand). Its owner
   * sees every contribution counted; anyone else sees `sharedProgress`, and `status` and
   * `achievedAt` as that figure makes them.
   */
  progress: Type.Integer(),
  /**
   * Only for the owner of a measurable goal: the progress others see, which counts only
   * contributions in public channels (private channels never show in anyone else's view).
   */
  sharedProgress: Type.Optional(Type.Integer()),
  /** `measure.count`, or 100 for goals updated by hand. */
  progressTarget: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  achievedAt: Type.Union([Timestamp, Type.Null()]),
});
export type Goal = Type.Static<typeof Goal>;

const Text = (max: number) => Type.String({ maxLength: max });

export const CreateGoalBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: Limits.titleMax }),
    why: Type.Optional(Text(2000)),
    targetDate: Type.Optional(CalendarDate),
    tags: Type.Optional(Type.Array(Tag, { maxItems: Limits.tagsMax, uniqueItems: true })),
    measure: Type.Optional(GoalMeasure),
    visibility: Type.Optional(LearningVisibility),
  },
  { additionalProperties: false },
);
export type CreateGoalBody = Type.Static<typeof CreateGoalBody>;

export const UpdateGoalBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: Limits.titleMax })),
    why: Type.Optional(Text(2000)),
    targetDate: Type.Optional(Type.Union([CalendarDate, Type.Null()])),
    tags: Type.Optional(Type.Array(Tag, { maxItems: Limits.tagsMax, uniqueItems: true })),
    visibility: Type.Optional(LearningVisibility),
    status: Type.Optional(GoalStatus),
    /** Percent done; only for goals without a measure. */
    progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateGoalBody = Type.Static<typeof UpdateGoalBody>;

export const EvidenceKind = Type.Union([
  Type.Literal('post'),
  Type.Literal('answer'),
  Type.Literal('link'),
]);
export type EvidenceKind = Type.Static<typeof EvidenceKind>;

export const Evidence = Type.Object({
  id: Id,
  goalId: Id,
  kind: EvidenceKind,
  /** The post itself, or the post an answer belongs to. */
  postId: Type.Union([Id, Type.Null()]),
  answerId: Type.Union([Id, Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  note: Type.String(),
  addedAt: Timestamp,
});
export type Evidence = Type.Static<typeof Evidence>;

/** Exactly one of `postId`, `answerId` or `url`. */
export const AddEvidenceBody = Type.Object(
  {
    postId: Type.Optional(Id),
    answerId: Type.Optional(Id),
    url: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })),
    /** A title for links; posts and answers use the post's title. */
    title: Type.Optional(Type.String({ minLength: 1, maxLength: Limits.titleMax })),
    note: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);
export type AddEvidenceBody = Type.Static<typeof AddEvidenceBody>;

export const GoalWithEvidence = Type.Object({ goal: Goal, evidence: Type.Array(Evidence) });
export type GoalWithEvidence = Type.Static<typeof GoalWithEvidence>;

export const GoalResponse = Type.Object({ goal: Goal });
export type GoalResponse = Type.Static<typeof GoalResponse>;

export const EvidenceResponse = Type.Object({ evidence: Evidence });
export type EvidenceResponse = Type.Static<typeof EvidenceResponse>;

export const GoalPage = Page(Goal);
export type GoalPage = Type.Static<typeof GoalPage>;

export const GoalListQuery = Type.Object(
  { status: Type.Optional(GoalStatus), ...PageQuery },
  { additionalProperties: false },
);
export type GoalListQuery = Type.Static<typeof GoalListQuery>;

export const LogEntry = Type.Object({
  id: Id,
  ownerId: Id,
  goalId: Type.Union([Id, Type.Null()]),
  date: CalendarDate,
  learned: Type.String(),
  tried: Type.String(),
  next: Type.String(),
  visibility: LearningVisibility,
  /** The working-out-loud post it was published as. */
  postId: Type.Union([Id, Type.Null()]),
  createdAt: Timestamp,
});
export type LogEntry = Type.Static<typeof LogEntry>;

export const CreateLogEntryBody = Type.Object(
  {
    /** Defaults to today (UTC). */
    date: Type.Optional(CalendarDate),
    goalId: Type.Optional(Id),
    learned: Type.Optional(Text(4000)),
    tried: Type.Optional(Text(4000)),
    next: Type.Optional(Text(4000)),
    visibility: Type.Optional(LearningVisibility),
    /** Also share it in a channel as a working-out-loud tip (the entry becomes public). */
    publish: Type.Optional(
      Type.Object(
        {
          channelId: Id,
          title: Type.Optional(Type.String({ minLength: 1, maxLength: Limits.titleMax })),
          tags: Type.Optional(Type.Array(Tag, { maxItems: Limits.tagsMax })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CreateLogEntryBody = Type.Static<typeof CreateLogEntryBody>;

export const LogEntryResponse = Type.Object({ entry: LogEntry });
export type LogEntryResponse = Type.Static<typeof LogEntryResponse>;

export const LogPage = Page(LogEntry);
export type LogPage = Type.Static<typeof LogPage>;

export const LogListQuery = Type.Object(
  { goalId: Type.Optional(Id), ...PageQuery },
  { additionalProperties: false },
);
export type LogListQuery = Type.Static<typeof LogListQuery>;

/** What a viewer may see of someone's learning record. */
export const Portfolio = Type.Object({
  user: AuthorRef,
  badges: Type.Array(Badge),
  goals: Type.Array(GoalWithEvidence),
  log: Type.Array(LogEntry),
});
export type Portfolio = Type.Static<typeof Portfolio>;

export const ExportFormat = Type.Union([Type.Literal('markdown'), Type.Literal('html')]);
export type ExportFormat = Type.Static<typeof ExportFormat>;

export const ExportQuery = Type.Object({ format: ExportFormat }, { additionalProperties: false });
export type ExportQuery = Type.Static<typeof ExportQuery>;

/** Whose manager the person says they report to (goals shared "with my manager" go to them). */
export const ManagerBody = Type.Object(
  { handle: Type.Union([Type.String({ pattern: Limits.handlePattern }), Type.Null()]) },
  { additionalProperties: false },
);
export type ManagerBody = Type.Static<typeof ManagerBody>;

export const ManagerResponse = Type.Object({ manager: Type.Union([AuthorRef, Type.Null()]) });
export type ManagerResponse = Type.Static<typeof ManagerResponse>;

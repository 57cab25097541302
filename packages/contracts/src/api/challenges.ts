import Type from 'typebox';
import { Id, Limits, PageQuery, Tag, Timestamp, Page } from '../common.js';
import { CalendarDate } from './learning.js';

/**
 * 30-day learning challenges: one prompt per day posted in a channel, check-ins by answering the
 * day's prompt, streaks and an aggregate cohort view.
 */

/** An IANA time zone name, e.g. `Europe/Berlin`; checked against the runtime's zone list. */
export const TimeZone = Type.String({ minLength: 1, maxLength: 64 });

export const ChallengeDay = Type.Object({
  day: Type.Integer({ minimum: 1 }),
  date: CalendarDate,
  prompt: Type.String(),
  /** The post carrying the prompt once it has been posted. */
  postId: Type.Union([Id, Type.Null()]),
});
export type ChallengeDay = Type.Static<typeof ChallengeDay>;

/** The reading person's own progress in a challenge. */
export const ChallengeProgress = Type.Object({
  joined: Type.Boolean(),
  joinedAt: Type.Union([Timestamp, Type.Null()]),
  checkedInDays: Type.Array(Type.Integer()),
  currentStreak: Type.Integer(),
  bestStreak: Type.Integer(),
  completed: Type.Boolean(),
});
export type ChallengeProgress = Type.Static<typeof ChallengeProgress>;

export const Challenge = Type.Object({
  id: Id,
  channelId: Id,
  title: Type.String(),
  description: Type.String(),
  tag: Type.Union([Type.String(), Type.Null()]),
  startDate: CalendarDate,
  days: Type.Integer(),
  timeZone: Type.String(),
  createdBy: Id,
  createdAt: Timestamp,
  participantCount: Type.Integer(),
  /** Today's day number in the challenge's time zone: 0 before it starts, days + 1 after it ends. */
  today: Type.Integer(),
  /** Days that have started, with their prompts (later prompts stay hidden until their day). */
  openDays: Type.Array(ChallengeDay),
  me: ChallengeProgress,
});
export type Challenge = Type.Static<typeof Challenge>;

export const CreateChallengeBody = Type.Object(
  {
    channelId: Id,
    title: Type.String({ minLength: 1, maxLength: Limits.titleMax }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    /** Added to every prompt post. */
    tag: Type.Optional(Tag),
    startDate: CalendarDate,
    timeZone: TimeZone,
    /** One prompt per day; the number of prompts is the number of days. */
    prompts: Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), {
      minItems: 1,
      maxItems: 60,
    }),
  },
  { additionalProperties: false },
);
export type CreateChallengeBody = Type.Static<typeof CreateChallengeBody>;

export const ChallengeResponse = Type.Object({ challenge: Challenge });
export type ChallengeResponse = Type.Static<typeof ChallengeResponse>;

export const ChallengePage = Page(Challenge);
export type ChallengePage = Type.Static<typeof ChallengePage>;

export const ChallengeListQuery = Type.Object(
  { channelId: Type.Optional(Id), ...PageQuery },
  { additionalProperties: false },
);
export type ChallengeListQuery = Type.Static<typeof ChallengeListQuery>;

export const CheckInBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: Limits.bodyMax }) },
  { additionalProperties: false },
);
export type CheckInBody = Type.Static<typeof CheckInBody>;

export const CheckInResponse = Type.Object({
  day: Type.Integer(),
  answerId: Id,
  me: ChallengeProgress,
});
export type CheckInResponse = Type.Static<typeof CheckInResponse>;

/** How many participants checked in on each day; counts are withheld for small groups. */
export const Cohort = Type.Object({
  challengeId: Id,
  participants: Type.Integer(),
  minGroupSize: Type.Integer(),
  /** True when the group is too small for counts to stay anonymous. */
  withheld: Type.Boolean(),
  days: Type.Array(
    Type.Object({
      day: Type.Integer(),
      date: CalendarDate,
      checkedIn: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
});
export type Cohort = Type.Static<typeof Cohort>;

export const DayParams = Type.Object({ id: Id, day: Type.Integer({ minimum: 1, maximum: 60 }) });

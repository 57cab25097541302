import Type from 'typebox';
import { LearningVisibility } from '../api/learning.js';
import { Id } from '../common.js';
import { Envelope } from './envelope.js';

/** Events of the learning service. They never carry goal or log text: only ids and figures. */
export const GoalProgressedV1 = Envelope(
  'learning.goal.progressed.v1',
  Type.Object({
    goalId: Id,
    ownerId: Id,
    visibility: LearningVisibility,
    progress: Type.Integer(),
    progressTarget: Type.Integer(),
    achieved: Type.Boolean(),
  }),
);
export const ChallengeCheckedInV1 = Envelope(
  'learning.challenge.checked_in.v1',
  Type.Object({
    challengeId: Id,
    channelId: Id,
    userId: Id,
    day: Type.Integer(),
    currentStreak: Type.Integer(),
  }),
);
export const ChallengePromptPostedV1 = Envelope(
  'learning.challenge.prompt_posted.v1',
  Type.Object({ challengeId: Id, channelId: Id, day: Type.Integer(), postId: Id }),
);

export type GoalProgressedV1 = Type.Static<typeof GoalProgressedV1>;
export type ChallengeCheckedInV1 = Type.Static<typeof ChallengeCheckedInV1>;
export type ChallengePromptPostedV1 = Type.Static<typeof ChallengePromptPostedV1>;

/** Every event the learning service publishes, by event type, with its subject and schema. */
export const LearningEvents = {
  'learning.goal.progressed.v1': {
    subject: 'evt.learning.goal.progressed',
    schema: GoalProgressedV1,
  },
  'learning.challenge.checked_in.v1': {
    subject: 'evt.learning.challenge.checked_in',
    schema: ChallengeCheckedInV1,
  },
  'learning.challenge.prompt_posted.v1': {
    subject: 'evt.learning.challenge.prompt_posted',
    schema: ChallengePromptPostedV1,
  },
} as const;
export type LearningEventType = keyof typeof LearningEvents;
export type LearningEvent = GoalProgressedV1 | ChallengeCheckedInV1 | ChallengePromptPostedV1;
export type LearningEventData<K extends LearningEventType> = Extract<
  LearningEvent,
  { type: K }
>['data'];

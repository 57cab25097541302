import type { ColumnType } from 'kysely';
import type { Actor, LearningVisibility } from '@outloud/contracts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** `date` columns are read as `YYYY-MM-DD` strings (see the type parser in app.ts). */
type CalendarDate = ColumnType<string, string, string>;

export type ContributionKind = 'tip' | 'question' | 'announcement' | 'answer';

export interface ContributionsTable {
  id: string;
  kind: ContributionKind;
  postId: string;
  postKind: 'tip' | 'question' | 'announcement';
  channelId: string;
  visibility: 'public' | 'private';
  authorId: string;
  title: string;
  tags: string[];
  score: number;
  acceptedAnswerId: string | null;
  firstAnswerAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  createdAt: Timestamp;
  version: number;
  deleted: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface AuthorsTable {
  id: string;
  handle: string;
  displayName: string;
}

export interface ChannelsTable {
  id: string;
  visibility: 'public' | 'private';
  memberCount: ColumnType<number, number | undefined, number>;
}

export interface PeopleTable {
  userId: string;
  managerId: string | null;
  managerHandle: string | null;
  managerDisplayName: string | null;
}

export interface GoalsTable {
  id: string;
  ownerId: string;
  title: string;
  why: string;
  targetDate: ColumnType<string | null, string | null | undefined, string | null>;
  tags: string[];
  visibility: LearningVisibility;
  status: 'active' | 'achieved' | 'archived';
  metric: string | null;
  metricTag: string | null;
  targetCount: number | null;
  progress: ColumnType<number, number | undefined, number>;
  /** Measurable goals: what others see, counting contributions in public channels only. */
  sharedProgress: ColumnType<number, number | undefined, number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  achievedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When `sharedProgress` reached the target (null while it has not). */
  sharedAchievedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface EvidenceTable {
  id: string;
  goalId: string;
  kind: 'post' | 'answer' | 'link';
  postId: string | null;
  answerId: string | null;
  channelId: string | null;
  url: string | null;
  title: string;
  note: string;
  addedAt: Timestamp;
}

export interface LogEntriesTable {
  id: string;
  ownerId: string;
  goalId: string | null;
  date: CalendarDate;
  learned: string;
  tried: string;
  next: string;
  visibility: LearningVisibility;
  postId: string | null;
  createdAt: Timestamp;
}

export interface ChallengesTable {
  id: string;
  channelId: string;
  title: string;
  description: string;
  tag: string | null;
  startDate: CalendarDate;
  days: number;
  timeZone: string;
  prompts: ColumnType<string[], string, string>;
  createdBy: ColumnType<Actor, string, string>;
  createdAt: Timestamp;
  nextPromptDay: number;
  nextPromptAt: Timestamp;
}

export interface ChallengePromptsTable {
  challengeId: string;
  day: number;
  postId: string;
  postedAt: Timestamp;
}

export interface ParticipantsTable {
  challengeId: string;
  userId: string;
  joinedAt: Timestamp;
}

export interface CheckinsTable {
  challengeId: string;
  userId: string;
  day: number;
  answerId: string;
  checkedInAt: Timestamp;
}

export interface CampaignsTable {
  postId: string;
  channelId: string;
  name: string;
  markedBy: string;
  createdAt: Timestamp;
}

export interface CampaignOpensTable {
  postId: string;
  userId: string;
  openedAt: Timestamp;
}

/** Tables of the `learn` schema. */
export interface LearnDB {
  'learn.contributions': ContributionsTable;
  'learn.authors': AuthorsTable;
  'learn.channels': ChannelsTable;
  'learn.people': PeopleTable;
  'learn.goals': GoalsTable;
  'learn.evidence': EvidenceTable;
  'learn.logEntries': LogEntriesTable;
  'learn.challenges': ChallengesTable;
  'learn.challengePrompts': ChallengePromptsTable;
  'learn.participants': ParticipantsTable;
  'learn.checkins': CheckinsTable;
  'learn.campaigns': CampaignsTable;
  'learn.campaignOpens': CampaignOpensTable;
}

import type { ColumnType, Generated } from 'kysely';

type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PeopleTable {
  id: string;
  handle: string;
  displayName: string;
  /** The person's picture (`/api/v1/avatars/…`), from identity events. */
  avatarUrl: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the identity change behind the name and picture happened. */
  profileAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** `active`, `suspended` or `deactivated`, from identity events. */
  status: ColumnType<string, string | undefined, string>;
}

export interface PostFactsTable {
  postId: string;
  channelId: string;
  visibility: 'public' | 'private';
  authorId: string;
  kind: 'tip' | 'question' | 'announcement';
  title: string;
  bodyText: string;
  tags: string[];
  score: number;
  answerCount: number;
  acceptedAnswerId: string | null;
  createdAt: ColumnType<Date, Date | string, Date | string>;
  deleted: ColumnType<boolean, boolean | undefined, boolean>;
  /** Hidden by moderation: no evidence, found only by its author and moderators. */
  hidden: ColumnType<boolean, boolean | undefined, boolean>;
  /** Marked no longer true: ranked lower in search (still evidence: it was true once). */
  outdated: ColumnType<boolean, boolean | undefined, boolean>;
  /** A question closed as a duplicate of this one. */
  duplicateOf: ColumnType<string | null, string | null | undefined, string | null>;
  version: number;
  projectedAt: DefaultedTimestamp;
}

export interface AnswerFactsTable {
  answerId: string;
  postId: string;
  authorId: string;
  bodyText: string;
  score: number;
  createdAt: ColumnType<Date, Date | string, Date | string>;
  deleted: ColumnType<boolean, boolean | undefined, boolean>;
  /** Hidden by moderation: no evidence, and its text is in a search document of its own. */
  hidden: ColumnType<boolean, boolean | undefined, boolean>;
  /** Hidden at some point: it may still have a document of its own to delete. */
  everHidden: ColumnType<boolean, boolean | undefined, boolean>;
  version: number;
}

/** Posts to (re)write in Meilisearch, one row per post. */
export interface IndexQueueTable {
  kind: 'post';
  id: string;
  generation: ColumnType<number, number | bigint | undefined, number>;
  markedAt: DefaultedTimestamp;
}

/** People to (re)write in Meilisearch: appended, never updated, so marking never waits. */
export interface PersonMarksTable {
  seq: Generated<string>;
  personId: string;
}

/** Tables of the `search` schema. */
export interface SearchDB {
  'search.people': PeopleTable;
  'search.postFacts': PostFactsTable;
  'search.answerFacts': AnswerFactsTable;
  'search.indexQueue': IndexQueueTable;
  'search.personMarks': PersonMarksTable;
}

export type { Generated };

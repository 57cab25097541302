import type { ColumnType, Generated } from 'kysely';

type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PeopleTable {
  id: string;
  handle: string;
  displayName: string;
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
  version: number;
}

export interface IndexQueueTable {
  kind: 'post' | 'person';
  id: string;
  generation: ColumnType<number, number | bigint | undefined, number>;
  markedAt: DefaultedTimestamp;
}

/** Tables of the `search` schema. */
export interface SearchDB {
  'search.people': PeopleTable;
  'search.postFacts': PostFactsTable;
  'search.answerFacts': AnswerFactsTable;
  'search.indexQueue': IndexQueueTable;
}

export type { Generated };

import Type from 'typebox';
import { AuthorRef, Id, Limits, Page, PageQuery, Tag, Timestamp } from '../common.js';

/** Where an import comes from: a Stack Exchange dump, a Discourse export, or a CSV of people. */
export const ImportSource = Type.Union([
  Type.Literal('stackexchange'),
  Type.Literal('discourse'),
  Type.Literal('people'),
]);
export type ImportSource = Type.Static<typeof ImportSource>;

export const ImportStatus = Type.Union([
  Type.Literal('running'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
]);
export type ImportStatus = Type.Static<typeof ImportStatus>;

/** At most this many item errors are kept per import; `errorCount` counts them all. */
export const IMPORT_ERRORS_MAX = 100;

export const ImportError = Type.Object({
  /** Which item: e.g. `post 42`, `user 7`, `line 3`, or `file` for the file as a whole. */
  item: Type.String({ maxLength: 200 }),
  message: Type.String({ maxLength: 500 }),
});
export type ImportError = Type.Static<typeof ImportError>;

/** One import's progress: `processed` of `total` items, of which `created` are new. */
export const ImportJob = Type.Object({
  id: Id,
  source: ImportSource,
  status: ImportStatus,
  channelId: Type.Union([Id, Type.Null()]),
  processed: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  created: Type.Integer({ minimum: 0 }),
  skipped: Type.Integer({ minimum: 0 }),
  errorCount: Type.Integer({ minimum: 0 }),
  errors: Type.Array(ImportError, { maxItems: IMPORT_ERRORS_MAX }),
  startedAt: Timestamp,
  finishedAt: Type.Optional(Timestamp),
});
export type ImportJob = Type.Static<typeof ImportJob>;

export const ImportResponse = Type.Object({ import: ImportJob });
export type ImportResponse = Type.Static<typeof ImportResponse>;
export const ImportPage = Page(ImportJob);
export type ImportPage = Type.Static<typeof ImportPage>;
export const ImportListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type ImportListQuery = Type.Static<typeof ImportListQuery>;

/**
 * How an imported body is written: Markdown (Discourse's `raw`), or HTML (Stack Exchange's
 * `Body`), which the feed holds to its allow-list and keeps as the body (Markdown allows HTML).
 */
export const ImportBodyFormat = Type.Union([Type.Literal('markdown'), Type.Literal('html')]);
export type ImportBodyFormat = Type.Static<typeof ImportBodyFormat>;

const ExternalId = Type.String({ minLength: 1, maxLength: 100 });

/** A question as the feed imports it (tags already normalised to the tag rules). */
export const ImportedQuestion = Type.Object({
  type: Type.Literal('question'),
  externalId: ExternalId,
  title: Type.String({ minLength: 1, maxLength: Limits.titleMax }),
  body: Type.String({ minLength: 1, maxLength: Limits.bodyMax }),
  format: ImportBodyFormat,
  tags: Type.Array(Tag, { maxItems: Limits.tagsMax }),
  author: AuthorRef,
  createdAt: Timestamp,
  score: Type.Integer({ minimum: 0 }),
});
export type ImportedQuestion = Type.Static<typeof ImportedQuestion>;

/** An answer to a question of the same source (imported in this batch or before). */
export const ImportedAnswer = Type.Object({
  type: Type.Literal('answer'),
  externalId: ExternalId,
  questionExternalId: ExternalId,
  body: Type.String({ minLength: 1, maxLength: Limits.bodyMax }),
  format: ImportBodyFormat,
  author: AuthorRef,
  createdAt: Timestamp,
  score: Type.Integer({ minimum: 0 }),
  accepted: Type.Boolean(),
});
export type ImportedAnswer = Type.Static<typeof ImportedAnswer>;

export const ImportedItem = Type.Union([ImportedQuestion, ImportedAnswer]);
export type ImportedItem = Type.Static<typeof ImportedItem>;

/** Items per `importContent` request: a batch stays well inside one bus message. */
export const IMPORT_BATCH_MAX = 200;

export const ImportItemOutcome = Type.Object({
  externalId: ExternalId,
  outcome: Type.Union([Type.Literal('created'), Type.Literal('skipped'), Type.Literal('failed')]),
  /** The post's or answer's id in Outloud (created now or by an earlier run). */
  id: Type.Optional(Id),
  message: Type.Optional(Type.String()),
});
export type ImportItemOutcome = Type.Static<typeof ImportItemOutcome>;

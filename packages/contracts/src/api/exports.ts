import Type from 'typebox';
import { Id, Timestamp } from '../common.js';

/** Where a whole-instance export stands. */
export const ExportStatus = Type.Union([
  Type.Literal('running'),
  Type.Literal('done'),
  Type.Literal('failed'),
]);
export type ExportStatus = Type.Static<typeof ExportStatus>;

/** A whole-instance export (admin): a `.tar.gz` of JSON Lines per entity and Markdown per channel. */
export const InstanceExport = Type.Object({
  id: Id,
  status: ExportStatus,
  /** 0–100: the share of the export's stages that are written. */
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  /** The stage being written (`users`, `channels`, …), null once finished. */
  stage: Type.Union([Type.String(), Type.Null()]),
  /** Records written so far. */
  records: Type.Integer({ minimum: 0 }),
  /** Size of the archive in bytes once done. */
  size: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  createdAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
});
export type InstanceExport = Type.Static<typeof InstanceExport>;

export const InstanceExportResponse = Type.Object({ export: InstanceExport });
export type InstanceExportResponse = Type.Static<typeof InstanceExportResponse>;

/**
 * Deleting one's own account: the password for accounts that have one; an account that signs
 * in only through single sign-on must have signed in within the last few minutes instead.
 */
export const DeleteAccountBody = Type.Object({
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
});
export type DeleteAccountBody = Type.Static<typeof DeleteAccountBody>;

/** What an account deletion left behind: the anonymous name contributions now carry. */
export const AccountDeleted = Type.Object({
  id: Id,
  handle: Type.String(),
  displayName: Type.String(),
});
export type AccountDeleted = Type.Static<typeof AccountDeleted>;

/** One exported row, as the owning service wrote it (the gateway passes it on as JSON). */
export const ExportRecord = Type.Record(Type.String(), Type.Unknown());
export type ExportRecord = Type.Static<typeof ExportRecord>;

/** The feed's exportable entities; `threads` are posts (oldest first) with their answers. */
export const FeedExportEntity = Type.Union([
  Type.Literal('channels'),
  Type.Literal('memberships'),
  Type.Literal('threads'),
  Type.Literal('posts'),
  Type.Literal('answers'),
  Type.Literal('votes'),
  Type.Literal('bookmarks'),
  Type.Literal('follows'),
  Type.Literal('tags'),
]);
export type FeedExportEntity = Type.Static<typeof FeedExportEntity>;

/** The learning service's exportable entities. */
export const LearningExportEntity = Type.Union([
  Type.Literal('goals'),
  Type.Literal('evidence'),
  Type.Literal('log'),
  Type.Literal('challenges'),
  Type.Literal('participants'),
  Type.Literal('checkins'),
]);
export type LearningExportEntity = Type.Static<typeof LearningExportEntity>;

import Type from 'typebox';
import { ExportRecord, FeedExportEntity, LearningExportEntity } from '../api/exports.js';
import { Actor, Id } from '../common.js';

/**
 * A page of one entity's rows for an export, in key order. An admin may export everything;
 * anyone may export rows about themselves (`userId` = the actor). `after` is the opaque key of the
 * last row of the previous page.
 */
const exportRecords = <E extends Type.TSchema>(entity: E) => ({
  request: Type.Object({
    actor: Actor,
    entity,
    after: Type.Optional(Type.String({ maxLength: 2000 })),
    limit: Type.Integer({ minimum: 1, maximum: 1000 }),
    /** Only rows about this person (their posts, votes, goals…). */
    userId: Type.Optional(Id),
  }),
  reply: Type.Object({
    items: Type.Array(ExportRecord),
    nextAfter: Type.Union([Type.String(), Type.Null()]),
  }),
});

export const FeedExportRecordsRpc = exportRecords(FeedExportEntity);
export const LearningExportRecordsRpc = exportRecords(LearningExportEntity);

/**
 * Account deletion (admin actor, or the person themselves): removes what the service keeps about
 * the person beyond their contributions, and renames its copies of them to the anonymous name.
 * Idempotent; replies how many rows were removed.
 */
export const ErasePersonRpc = {
  request: Type.Object({
    actor: Actor,
    userId: Id,
    handle: Type.String(),
    displayName: Type.String(),
  }),
  reply: Type.Object({ removed: Type.Integer({ minimum: 0 }) }),
};

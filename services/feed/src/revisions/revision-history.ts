import type { AuthorRef, PostRevision } from '@outloud/contracts';
import type { ExpressionBuilder } from 'kysely';
import { authorRefOf } from '../authors/authors.repository.js';
import { countWithinBudget } from '../bounded.js';
import { decodeCursor, encodeCursor } from '../posts/cursor.js';

/**
 * What a post's and an answer's edit histories share: reading them in bounded pages, newest
 * first, and naming who made and who removed each version.
 */

/** Versions of a history per page (each may be a whole 40,000-character body). */
export const REVISIONS_PAGE = 50;

/** A position in a history: the last version seen (when it was replaced, and its id). */
export interface RevisionPosition {
  at: Date;
  id: string;
}

/** The position a `revisions` cursor points at; a cursor of another list fails validation. */
export function revisionPosition(cursor: string | undefined): RevisionPosition | undefined {
  if (cursor === undefined) return undefined;
  const after = decodeCursor(cursor, 'revisions');
  return after.key instanceof Date && after.id ? { at: after.key, id: after.id } : undefined;
}

/**
 * One page from `rows`, read with `limit + 1` so one more row tells there is a next page. The
 * page stops early when the reply would pass the byte budget; the cursor then starts after the
 * last version sent.
 */
export function revisionPage<T extends { id: string; replacedAt: string }>(
  rows: readonly T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, countWithinBudget(rows.slice(0, limit)));
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > items.length && last
        ? encodeCursor({ sort: 'revisions', key: new Date(last.replacedAt), id: last.id })
        : null,
  };
}

/**
 * The columns `toRevisionAuthorFields` reads, for a history query that joins the editor as `a`
 * and the one who removed the version (if anyone) as `ra`.
 */
export const revisionAuthorColumns = [
  'a.id as editorId',
  'a.handle',
  'a.displayName',
  'a.avatarUrl',
  'ra.id as redactorId',
  'ra.handle as redactorHandle',
  'ra.displayName as redactorDisplayName',
  'ra.avatarUrl as redactorAvatarUrl',
] as const;

/** Versions replaced before `after` (keyset on replaced_at, id; the history's alias is `r`). */
export function replacedBefore(after: RevisionPosition) {
  return (eb: ExpressionBuilder<{ r: { replacedAt: Date; id: string } }, 'r'>) =>
    eb(eb.refTuple('r.replacedAt', 'r.id'), '<', eb.tuple(after.at, after.id));
}

export interface RevisionAuthorRow {
  replacedAt: Date;
  redactedAt: Date | null;
  editorId: string;
  handle: string;
  displayName: string;
  avatarUrl: string | null;
  redactorId: string | null;
  redactorHandle: string | null;
  redactorDisplayName: string | null;
  redactorAvatarUrl: string | null;
}

export type RevisionAuthorFields = Pick<
  PostRevision,
  'editedBy' | 'replacedAt' | 'redacted' | 'redactedAt' | 'redactedBy'
>;

/** Who made an edit and when; for a removed version, also who removed it and when. */
export function toRevisionAuthorFields(row: RevisionAuthorRow): RevisionAuthorFields {
  const fields: RevisionAuthorFields = {
    editedBy: authorRefOf(row.editorId, row.handle, row.displayName, row.avatarUrl),
    replacedAt: row.replacedAt.toISOString(),
  };
  if (row.redactedAt) {
    fields.redacted = true;
    fields.redactedAt = row.redactedAt.toISOString();
    const redactedBy = redactorOf(row);
    if (redactedBy) fields.redactedBy = redactedBy;
  }
  return fields;
}

/** The one who removed a version, while their author row is there. */
function redactorOf(row: RevisionAuthorRow): AuthorRef | undefined {
  if (!row.redactorId || row.redactorHandle === null || row.redactorDisplayName === null)
    return undefined;
  return authorRefOf(
    row.redactorId,
    row.redactorHandle,
    row.redactorDisplayName,
    row.redactorAvatarUrl,
  );
}

import type { PostKind, PostRevision } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { FeedDB } from '../db.js';
import {
  replacedBefore,
  revisionAuthorColumns,
  toRevisionAuthorFields,
} from '../revisions/revision-history.js';
import { recordUploadReferences } from '../uploads/upload-references.repository.js';
import { rank } from './ranking.js';

/** Inserts a post; the caller records it as its channel's latest activity (channel-activity.ts). */
export async function insertPost(
  db: Kysely<FeedDB>,
  row: {
    id: string;
    channelId: string;
    kind: PostKind;
    title: string;
    body: string;
    bodyHtml: string;
    tags: string[];
    mentions: string[];
    pinnedUntil: Date | null;
    authorId: string;
    now: Date;
    /** Who keeps it true and when they are next asked (tips; see knowledge.logic.ts). */
    review?: { ownerId: string; dueAt: Date | null } | null;
  },
): Promise<void> {
  await db
    .insertInto('feed.posts')
    .values({
      id: row.id,
      channelId: row.channelId,
      kind: row.kind,
      title: row.title,
      body: row.body,
      bodyHtml: row.bodyHtml,
      tags: row.tags,
      mentions: row.mentions,
      pinnedUntil: row.pinnedUntil,
      authorId: row.authorId,
      acceptedAnswerId: null,
      createdAt: row.now,
      updatedAt: row.now,
      deletedAt: null,
      rank: rank(0, row.now),
      reviewOwnerId: row.review?.ownerId ?? null,
      reviewDueAt: row.review?.dueAt ?? null,
    })
    .execute();
  await recordUploadReferences(db, { postId: row.id, authorId: row.authorId, body: row.body });
}

export async function updatePostContent(
  db: Kysely<FeedDB>,
  id: string,
  edit: {
    title: string;
    body: string;
    bodyHtml: string;
    tags: string[];
    mentions: string[];
    pinnedUntil: Date | null;
    now: Date;
  },
): Promise<void> {
  const updated = await db
    .updateTable('feed.posts')
    .set((eb) => ({
      title: edit.title,
      body: edit.body,
      bodyHtml: edit.bodyHtml,
      tags: edit.tags,
      mentions: edit.mentions,
      pinnedUntil: edit.pinnedUntil,
      updatedAt: edit.now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returning('authorId')
    .executeTakeFirstOrThrow();
  await recordUploadReferences(db, { postId: id, authorId: updated.authorId, body: edit.body });
}

/** Marks a post deleted (kept for audit, gone for readers); returns its final version. */
export async function softDeletePost(db: Kysely<FeedDB>, id: string, now: Date): Promise<number> {
  const row = await db
    .updateTable('feed.posts')
    .set((eb) => ({ deletedAt: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export async function insertRevision(
  db: Kysely<FeedDB>,
  row: {
    id: string;
    postId: string;
    title: string;
    body: string;
    tags: string[];
    editedBy: string;
    replacedAt: Date;
  },
): Promise<void> {
  await db.insertInto('feed.postRevisions').values(row).execute();
}

/** Earlier versions of a post, the most recently replaced first, after `after` if given. */
export async function listRevisions(
  db: Kysely<FeedDB>,
  postId: string,
  options: { after?: { at: Date; id: string }; limit: number },
): Promise<PostRevision[]> {
  const rows = await db
    .selectFrom('feed.postRevisions as r')
    .innerJoin('feed.authors as a', 'a.id', 'r.editedBy')
    .leftJoin('feed.authors as ra', 'ra.id', 'r.redactedBy')
    .select([
      'r.id',
      'r.postId',
      'r.title',
      'r.body',
      'r.tags',
      'r.replacedAt',
      'r.redactedAt',
      ...revisionAuthorColumns,
    ])
    .where('r.postId', '=', postId)
    .$if(options.after !== undefined, (q) => q.where(replacedBefore(options.after!)))
    .orderBy('r.replacedAt', 'desc')
    .orderBy('r.id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r): PostRevision => ({
    id: r.id,
    postId: r.postId,
    title: r.title,
    body: r.body,
    tags: r.tags,
    ...toRevisionAuthorFields(r),
  }));
}

/** One earlier version of a post, for a redaction (locked; the post row is locked first). */
export async function lockRevision(db: Kysely<FeedDB>, postId: string, revisionId: string) {
  return db
    .selectFrom('feed.postRevisions')
    .select(['id', 'title', 'body', 'tags', 'redactedAt'])
    .where('id', '=', revisionId)
    .where('postId', '=', postId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Removes a version's text (title, body, tags) from the history, keeping the row marked with who
 * removed it and when, and scrubs the same text from the post's events kept in the outbox.
 */
export async function redactRevision(
  db: Kysely<FeedDB>,
  revision: { postId: string; id: string; title: string; body: string },
  by: string,
  now: Date,
): Promise<{ scrubbedEvents: number }> {
  await db
    .updateTable('feed.postRevisions')
    .set({ title: '', body: '', tags: [], redactedAt: now, redactedBy: by })
    .where('id', '=', revision.id)
    .execute();
  return { scrubbedEvents: await scrubOutbox(db, revision) };
}

/**
 * Events carry whole posts, so the outbox rows of this post's earlier events hold the removed text
 * too (sent rows are kept for audit). Blank it there wherever it appears. Events already published
 * to the stream stay until the stream's retention ends (they cannot be edited there).
 */
async function scrubOutbox(
  db: Kysely<FeedDB>,
  revision: { postId: string; title: string; body: string },
): Promise<number> {
  let scrubbed = 0;
  for (const [field, text, extra] of [
    ['body', revision.body, 'bodyHtml'],
    ['title', revision.title, undefined],
  ] as const) {
    const path = sql.lit(`{data,post,${field}}`);
    const blanked = extra
      ? sql`jsonb_set(jsonb_set(payload, ${path}, '""'), ${sql.lit(`{data,post,${extra}}`)}, '""')`
      : sql`jsonb_set(payload, ${path}, '""')`;
    const result = await sql`update feed.outbox set payload = ${blanked}
      where payload #>> '{data,post,id}' = ${revision.postId}
        and payload #>> ${path} = ${text}`.execute(db);
    scrubbed += Number(result.numAffectedRows ?? 0);
  }
  return scrubbed;
}

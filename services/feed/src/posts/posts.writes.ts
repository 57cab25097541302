import type { PostKind, PostRevision } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { FeedDB } from '../db.js';
import { rank } from './ranking.js';

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
    })
    .execute();
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
  await db
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
    .execute();
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

/** Earlier versions of a post, the most recently replaced first. */
export async function listRevisions(db: Kysely<FeedDB>, postId: string): Promise<PostRevision[]> {
  const rows = await db
    .selectFrom('feed.postRevisions as r')
    .innerJoin('feed.authors as a', 'a.id', 'r.editedBy')
    .select([
      'r.id',
      'r.postId',
      'r.title',
      'r.body',
      'r.tags',
      'r.replacedAt',
      'a.id as editorId',
      'a.handle',
      'a.displayName',
    ])
    .where('r.postId', '=', postId)
    .orderBy('r.replacedAt', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    postId: r.postId,
    title: r.title,
    body: r.body,
    tags: r.tags,
    editedBy: { id: r.editorId, handle: r.handle, displayName: r.displayName },
    replacedAt: r.replacedAt.toISOString(),
  }));
}

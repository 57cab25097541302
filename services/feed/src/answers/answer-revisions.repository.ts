import type { AnswerRevision } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import { canSeeChannel } from '../channels/channels.repository.js';
import type { FeedDB } from '../db.js';
import { visibleContent, type Viewer } from '../moderation/visibility.js';
import {
  replacedBefore,
  revisionAuthorColumns,
  toRevisionAuthorFields,
} from '../revisions/revision-history.js';

/**
 * A live answer `viewer` may read, with its author: its thread is live and in a channel they see,
 * and neither is hidden from them (visibility.ts).
 */
export async function findReadableAnswer(
  db: Kysely<FeedDB>,
  id: string,
  viewer: Viewer,
): Promise<{ postId: string; authorId: string } | undefined> {
  return db
    .selectFrom('feed.answers as x')
    .innerJoin('feed.posts as p', 'p.id', 'x.postId')
    .innerJoin('feed.channels', 'feed.channels.id', 'p.channelId')
    .select(['x.postId', 'x.authorId'])
    .where('x.id', '=', id)
    .where('x.deletedAt', 'is', null)
    .where('p.deletedAt', 'is', null)
    .where(canSeeChannel(viewer.id))
    .where(visibleContent(viewer, 'x'))
    .where(visibleContent(viewer, 'p'))
    .executeTakeFirst();
}

/** Keeps the body an edit replaced, and marks the answer edited (same transaction as the edit). */
export async function recordAnswerEdit(
  db: Kysely<FeedDB>,
  row: { id: string; answerId: string; postId: string; body: string; editedBy: string; now: Date },
): Promise<void> {
  await db
    .insertInto('feed.answerRevisions')
    .values({
      id: row.id,
      answerId: row.answerId,
      postId: row.postId,
      body: row.body,
      editedBy: row.editedBy,
      replacedAt: row.now,
    })
    .execute();
  await db
    .updateTable('feed.answers')
    .set({ editedAt: row.now })
    .where('id', '=', row.answerId)
    .execute();
}

/** Earlier versions of an answer, the most recently replaced first, after `after` if given. */
export async function listAnswerRevisions(
  db: Kysely<FeedDB>,
  answerId: string,
  options: { after?: { at: Date; id: string }; limit: number },
): Promise<AnswerRevision[]> {
  const rows = await db
    .selectFrom('feed.answerRevisions as r')
    .innerJoin('feed.authors as a', 'a.id', 'r.editedBy')
    .leftJoin('feed.authors as ra', 'ra.id', 'r.redactedBy')
    .select([
      'r.id',
      'r.answerId',
      'r.body',
      'r.replacedAt',
      'r.redactedAt',
      ...revisionAuthorColumns,
    ])
    .where('r.answerId', '=', answerId)
    .$if(options.after !== undefined, (q) => q.where(replacedBefore(options.after!)))
    .orderBy('r.replacedAt', 'desc')
    .orderBy('r.id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r): AnswerRevision => ({
    id: r.id,
    answerId: r.answerId,
    body: r.body,
    ...toRevisionAuthorFields(r),
  }));
}

/** One earlier version of an answer, for a redaction (locked; the answer is locked first). */
export async function lockAnswerRevision(db: Kysely<FeedDB>, answerId: string, revisionId: string) {
  return db
    .selectFrom('feed.answerRevisions')
    .select(['id', 'body', 'redactedAt'])
    .where('id', '=', revisionId)
    .where('answerId', '=', answerId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Removes a version's text from the history, keeping the row marked with who removed it and when,
 * and blanks the same text in the answer's events kept in the outbox (events carry whole answers;
 * events already published stay until the stream's retention ends).
 */
export async function redactAnswerRevision(
  db: Kysely<FeedDB>,
  revision: { answerId: string; id: string; body: string },
  by: string,
  now: Date,
): Promise<{ scrubbedEvents: number }> {
  await db
    .updateTable('feed.answerRevisions')
    .set({ body: '', redactedAt: now, redactedBy: by })
    .where('id', '=', revision.id)
    .execute();
  const blanked = sql`jsonb_set(jsonb_set(payload, '{data,answer,body}', '""'), '{data,answer,bodyHtml}', '""')`;
  const result = await sql`update feed.outbox set payload = ${blanked}
    where payload #>> '{data,answer,id}' = ${revision.answerId}
      and payload #>> '{data,answer,body}' = ${revision.body}`.execute(db);
  return { scrubbedEvents: Number(result.numAffectedRows ?? 0) };
}

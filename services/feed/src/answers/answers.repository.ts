import type { Answer } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import { canSeeChannel } from '../channels/channels.repository.js';
import type { FeedDB } from '../db.js';
import { viewerIdOf, visibleContent, type ViewerRef } from '../moderation/visibility.js';
import type { AnswersCursor } from '../posts/cursor.js';
import { recordUploadReferences } from '../uploads/upload-references.repository.js';
import { answerRows, toAnswer } from '../posts/posts.repository.js';

/**
 * Locks a live answer and its (live, visible) post for a change; undefined when either is gone,
 * the post's channel is not visible to `viewer`, or either is hidden from them. The post row is
 * locked first, so changes to a question and its answers queue up in one order.
 */
export async function lockVisibleAnswer(db: Kysely<FeedDB>, id: string, viewer: ViewerRef) {
  const target = await db
    .selectFrom('feed.answers')
    .select('postId')
    .where('id', '=', id)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  if (!target) return undefined;
  const post = await db
    .selectFrom('feed.posts as p')
    .innerJoin('feed.channels', 'feed.channels.id', 'p.channelId')
    .select([
      'p.id',
      'p.kind',
      'p.authorId',
      'p.acceptedAnswerId',
      'p.channelId',
      sql<boolean>`p.hidden_at is not null`.as('hidden'),
    ])
    .where('p.id', '=', target.postId)
    .where('p.deletedAt', 'is', null)
    .where(canSeeChannel(viewerIdOf(viewer)))
    .where(visibleContent(viewer, 'p'))
    .forUpdate('p')
    .executeTakeFirst();
  if (!post) return undefined;
  const answer = await db
    .selectFrom('feed.answers')
    .select([
      'id',
      'authorId',
      'accepted',
      'body',
      sql<boolean>`hidden_at is not null`.as('hidden'),
    ])
    .where('id', '=', id)
    .where('deletedAt', 'is', null)
    .where(visibleContent(viewer, 'feed.answers'))
    .forUpdate()
    .executeTakeFirst();
  return answer && { answer, post };
}

export async function insertAnswer(
  db: Kysely<FeedDB>,
  row: {
    id: string;
    postId: string;
    body: string;
    bodyHtml: string;
    mentions: string[];
    authorId: string;
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto('feed.answers')
    .values({
      id: row.id,
      postId: row.postId,
      body: row.body,
      bodyHtml: row.bodyHtml,
      mentions: row.mentions,
      authorId: row.authorId,
      createdAt: row.now,
      updatedAt: row.now,
      deletedAt: null,
    })
    .execute();
  await recordUploadReferences(db, {
    postId: row.postId,
    answerId: row.id,
    authorId: row.authorId,
    body: row.body,
  });
  await db
    .updateTable('feed.posts')
    .set((eb) => ({ answerCount: eb('answerCount', '+', 1), version: eb('version', '+', 1) }))
    .where('id', '=', row.postId)
    .execute();
}

export async function updateAnswerBody(
  db: Kysely<FeedDB>,
  id: string,
  postId: string,
  edit: { body: string; bodyHtml: string; mentions: string[]; now: Date },
): Promise<void> {
  const updated = await db
    .updateTable('feed.answers')
    .set({ body: edit.body, bodyHtml: edit.bodyHtml, mentions: edit.mentions, updatedAt: edit.now })
    .where('id', '=', id)
    .returning('authorId')
    .executeTakeFirstOrThrow();
  await recordUploadReferences(db, {
    postId,
    answerId: id,
    authorId: updated.authorId,
    body: edit.body,
  });
  await db
    .updateTable('feed.posts')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', postId)
    .execute();
}

/**
 * Soft-deletes an answer, keeping the post's count and accepted answer right (a hidden answer was
 * already left out of the count).
 */
export async function softDeleteAnswer(
  db: Kysely<FeedDB>,
  id: string,
  postId: string,
  now: Date,
): Promise<void> {
  const deleted = await db
    .updateTable('feed.answers')
    .set({ deletedAt: now, accepted: false })
    .where('id', '=', id)
    .returning(sql<boolean>`hidden_at is not null`.as('hidden'))
    .executeTakeFirstOrThrow();
  await db
    .updateTable('feed.posts')
    .set((eb) => ({
      answerCount: eb('answerCount', '-', deleted.hidden ? 0 : 1),
      acceptedAnswerId: eb
        .case()
        .when('acceptedAnswerId', '=', id)
        .then(null)
        .else(eb.ref('acceptedAnswerId'))
        .end(),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', postId)
    .execute();
}

/** Makes `answerId` the accepted answer of `postId` (or none with null); one at a time. */
export async function setAcceptedAnswer(
  db: Kysely<FeedDB>,
  postId: string,
  answerId: string | null,
): Promise<void> {
  await db
    .updateTable('feed.answers')
    .set({ accepted: false })
    .where('postId', '=', postId)
    .where('accepted', '=', true)
    .execute();
  if (answerId)
    await db
      .updateTable('feed.answers')
      .set({ accepted: true })
      .where('id', '=', answerId)
      .execute();
  await db
    .updateTable('feed.posts')
    .set((eb) => ({ acceptedAnswerId: answerId, version: eb('version', '+', 1) }))
    .where('id', '=', postId)
    .execute();
}

export async function loadAnswer(
  db: Kysely<FeedDB>,
  id: string,
  viewerId?: string,
): Promise<Answer> {
  return toAnswer(await answerRows(db, viewerId).where('x.id', '=', id).executeTakeFirstOrThrow());
}

/** The thread order as a tuple compared ascending: accepted first, most helpful, oldest, id. */
const threadOrder = sql<unknown>`(not x.accepted, -x.score, x.created_at, x.id)`;

/**
 * A page of a thread's answers after `after`, at most `limit` and (when `budget` is given) about
 * `budget` bytes of body text and HTML: sizes are read first (Postgres knows them without
 * decompressing), so long answers that will not be sent are never fetched. At least one answer
 * comes back when there is one. `more` tells whether answers remain after the page.
 */
export async function pageAnswers(
  db: Kysely<FeedDB>,
  options: {
    postId: string;
    /** Hidden answers are left out except for their authors and moderators. */
    viewer: ViewerRef;
    after?: AnswersCursor;
    limit: number;
    budget: number;
  },
): Promise<{ answers: Answer[]; more: boolean }> {
  const { postId, after } = options;
  const positions = await db
    .selectFrom('feed.answers as x')
    .select(['x.id', sql<number>`octet_length(x.body) + octet_length(x.body_html)`.as('bytes')])
    .where('x.postId', '=', postId)
    .where('x.deletedAt', 'is', null)
    .where(visibleContent(options.viewer, 'x'))
    .$if(after !== undefined, (q) =>
      q.where(
        sql<boolean>`${threadOrder} > (${!after!.accepted}, ${-after!.score}::int, ${after!.createdAt}::timestamptz, ${after!.id}::uuid)`,
      ),
    )
    .orderBy(sql`not x.accepted`)
    .orderBy(sql`-x.score`)
    .orderBy('x.createdAt')
    .orderBy('x.id')
    .limit(options.limit + 1)
    .execute();
  // Escaping (quotes in HTML, line breaks) and the other fields add to the text's own size.
  let count = 0;
  let total = 0;
  for (const { bytes } of positions.slice(0, options.limit)) {
    total += Number(bytes) * 1.15 + 1_000;
    if (count > 0 && total > options.budget) break;
    count++;
  }
  const ids = positions.slice(0, count).map((p) => p.id);
  if (!ids.length) return { answers: [], more: false };
  const rows = await answerRows(db, viewerIdOf(options.viewer))
    .where('x.id', 'in', ids)
    .orderBy(sql`not x.accepted`)
    .orderBy(sql`-x.score`)
    .orderBy('x.createdAt')
    .orderBy('x.id')
    .execute();
  return { answers: rows.map(toAnswer), more: positions.length > rows.length };
}

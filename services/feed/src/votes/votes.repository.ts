import { sql, type Kysely } from 'kysely';
import type { FeedDB } from '../db.js';
import { rankSql } from '../posts/posts.repository.js';

/**
 * Records or withdraws one person's helpful vote; returns whether anything changed. The primary
 * key makes a repeated vote a no-op, so the score moves only with real changes.
 */
export async function setVote(
  db: Kysely<FeedDB>,
  vote: { userId: string; targetType: 'post' | 'answer'; targetId: string; on: boolean; now: Date },
): Promise<boolean> {
  if (vote.on) {
    const inserted = await db
      .insertInto('feed.votes')
      .values({
        userId: vote.userId,
        targetType: vote.targetType,
        targetId: vote.targetId,
        createdAt: vote.now,
      })
      .onConflict((oc) => oc.columns(['targetType', 'targetId', 'userId']).doNothing())
      .returning('userId')
      .executeTakeFirst();
    return inserted !== undefined;
  }
  const deleted = await db
    .deleteFrom('feed.votes')
    .where('targetType', '=', vote.targetType)
    .where('targetId', '=', vote.targetId)
    .where('userId', '=', vote.userId)
    .returning('userId')
    .executeTakeFirst();
  return deleted !== undefined;
}

/** Moves a post's score (and its stored rank) by `delta`; returns the new score. */
export async function addToPostScore(
  db: Kysely<FeedDB>,
  postId: string,
  delta: number,
): Promise<number> {
  const row = await db
    .updateTable('feed.posts')
    .set(() => ({
      score: sql<number>`score + ${delta}`,
      rank: rankSql(sql<number>`score + ${delta}`),
      version: sql<number>`version + 1`,
    }))
    .where('id', '=', postId)
    .returning('score')
    .executeTakeFirstOrThrow();
  return row.score;
}

/** Moves an answer's score by `delta` (and bumps its post's version); returns the new score. */
export async function addToAnswerScore(
  db: Kysely<FeedDB>,
  answerId: string,
  postId: string,
  delta: number,
): Promise<number> {
  const row = await db
    .updateTable('feed.answers')
    .set(() => ({ score: sql<number>`score + ${delta}` }))
    .where('id', '=', answerId)
    .returning('score')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('feed.posts')
    .set(() => ({ version: sql<number>`version + 1` }))
    .where('id', '=', postId)
    .execute();
  return row.score;
}

export async function currentScore(
  db: Kysely<FeedDB>,
  targetType: 'post' | 'answer',
  id: string,
): Promise<number> {
  const table = targetType === 'post' ? 'feed.posts' : 'feed.answers';
  const row = await db
    .selectFrom(table)
    .select('score')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.score;
}

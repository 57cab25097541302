import type { UserStats } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import { canSeeChannel } from '../channels/channels.repository.js';
import type { FeedDB } from '../db.js';

/** A person's contribution counts and most used tags, over the channels the viewer may see. */
export async function userStats(
  db: Kysely<FeedDB>,
  userId: string,
  viewerId: string,
): Promise<{ stats: UserStats; topTags: { tag: string; score: number }[] }> {
  const posts = await db
    .selectFrom('feed.posts as p')
    .innerJoin('feed.channels', 'feed.channels.id', 'p.channelId')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('p.kind', '=', 'tip').as('tips'),
      eb.fn.countAll<number>().filterWhere('p.kind', '=', 'question').as('questions'),
      eb.fn.coalesce(eb.fn.sum<number>('p.score'), sql<number>`0`).as('postVotes'),
    ])
    .where('p.authorId', '=', userId)
    .where('p.deletedAt', 'is', null)
    .where(canSeeChannel(viewerId))
    .executeTakeFirstOrThrow();
  const answers = await db
    .selectFrom('feed.answers as x')
    .innerJoin('feed.posts as p', 'p.id', 'x.postId')
    .innerJoin('feed.channels', 'feed.channels.id', 'p.channelId')
    .select((eb) => [
      eb.fn.countAll<number>().as('answers'),
      eb.fn.countAll<number>().filterWhere('x.accepted', '=', true).as('acceptedAnswers'),
      eb.fn.coalesce(eb.fn.sum<number>('x.score'), sql<number>`0`).as('answerVotes'),
    ])
    .where('x.authorId', '=', userId)
    .where('x.deletedAt', 'is', null)
    .where('p.deletedAt', 'is', null)
    .where(canSeeChannel(viewerId))
    .executeTakeFirstOrThrow();
  const tags = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('feed.posts as p')
        .innerJoin('feed.channels', 'feed.channels.id', 'p.channelId')
        .select(sql<string>`unnest(p.tags)`.as('tag'))
        .where('p.authorId', '=', userId)
        .where('p.deletedAt', 'is', null)
        .where(canSeeChannel(viewerId))
        .as('t'),
    )
    .select((eb) => ['t.tag', eb.fn.countAll<number>().as('score')])
    .groupBy('t.tag')
    .orderBy('score', 'desc')
    .orderBy('t.tag')
    .limit(10)
    .execute();
  return {
    stats: {
      tips: Number(posts.tips),
      questions: Number(posts.questions),
      answers: Number(answers.answers),
      acceptedAnswers: Number(answers.acceptedAnswers),
      helpfulVotes: Number(posts.postVotes) + Number(answers.answerVotes),
    },
    topTags: tags.map((t) => ({ tag: t.tag, score: Number(t.score) })),
  };
}

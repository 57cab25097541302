import { UNREAD_COUNT_MAX, type JoinedChannel } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { FeedDB } from '../db.js';
import { visibleContent } from '../moderation/visibility.js';
import { CHANNEL_LIST_MAX, toChannel } from './channels.repository.js';

/**
 * The channels `userId` joined, starred first, then by name; each with the number of posts by
 * others written since they last read it. One statement: the count per channel walks the
 * `posts_channel_new` index from the last read time and stops at `UNREAD_COUNT_MAX`.
 */
export async function listJoinedChannels(
  db: Kysely<FeedDB>,
  userId: string,
): Promise<JoinedChannel[]> {
  const rows = await db
    .selectFrom('feed.channelMembers as m')
    .innerJoin('feed.channels as c', 'c.id', 'm.channelId')
    .select((eb) => [
      'c.id',
      'c.slug',
      'c.name',
      'c.description',
      'c.visibility',
      'c.ownerId',
      'c.createdAt',
      'c.memberCount',
      'c.reviewPeriodDays',
      'c.expertRoutingMinutes',
      'c.lastPostAt',
      'm.starred',
      eb
        .selectFrom((inner) =>
          inner
            .selectFrom('feed.posts as p')
            .select(sql.lit(1).as('one'))
            .whereRef('p.channelId', '=', 'c.id')
            .where('p.deletedAt', 'is', null)
            .whereRef('p.createdAt', '>', 'm.lastReadAt')
            .where('p.authorId', '<>', userId)
            // Hidden posts are no news (the reader's own are not counted anyway).
            .where(visibleContent(userId, 'p'))
            .limit(UNREAD_COUNT_MAX)
            .as('unread'),
        )
        .select((u) => u.fn.countAll<string>().as('n'))
        .as('unreadCount'),
    ])
    .where('m.userId', '=', userId)
    .orderBy('m.starred', 'desc')
    .orderBy(sql`lower(c.name)`)
    .orderBy('c.id')
    .limit(CHANNEL_LIST_MAX)
    .execute();
  return rows.map((row) => ({
    ...toChannel({ ...row, isMember: true }),
    starred: row.starred,
    unreadCount: Number(row.unreadCount ?? 0),
    lastPostAt: row.lastPostAt?.toISOString() ?? null,
  }));
}

/**
 * Moves a member's read mark forward to `upTo` (never back: an older mark from a slow tab does
 * not bring read posts back as unread). False when `userId` is not a member.
 */
export async function markRead(
  db: Kysely<FeedDB>,
  channelId: string,
  userId: string,
  upTo: Date,
): Promise<boolean> {
  const row = await db
    .updateTable('feed.channelMembers')
    .set((eb) => ({ lastReadAt: eb.fn('greatest', ['lastReadAt', eb.val(upTo)]) }))
    .where('channelId', '=', channelId)
    .where('userId', '=', userId)
    .returning('userId')
    .executeTakeFirst();
  return row !== undefined;
}

/** Stars or unstars a membership; false when `userId` is not a member. */
export async function setStarred(
  db: Kysely<FeedDB>,
  channelId: string,
  userId: string,
  starred: boolean,
): Promise<boolean> {
  const row = await db
    .updateTable('feed.channelMembers')
    .set({ starred })
    .where('channelId', '=', channelId)
    .where('userId', '=', userId)
    .returning('userId')
    .executeTakeFirst();
  return row !== undefined;
}

/** When a live post of the channel was written, or undefined. */
export async function postTimeInChannel(
  db: Kysely<FeedDB>,
  channelId: string,
  postId: string,
): Promise<Date | undefined> {
  const row = await db
    .selectFrom('feed.posts')
    .select('createdAt')
    .where('id', '=', postId)
    .where('channelId', '=', channelId)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  return row?.createdAt;
}

/** Records a new post as the channel's latest activity (the directory's activity sort). */
export async function touchChannelActivity(
  db: Kysely<FeedDB>,
  channelId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('feed.channels')
    .set({ lastPostAt: sql<Date>`greatest(last_post_at, ${at})` })
    .where('id', '=', channelId)
    .execute();
}

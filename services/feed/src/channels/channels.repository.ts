import type { Channel } from '@outloud/contracts';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { FeedDB } from '../db.js';

/** Channels the user may read: every public one, and the private ones they belong to. */
export function canSeeChannel(userId: string) {
  return (eb: ExpressionBuilder<FeedDB, 'feed.channels'>) =>
    eb.or([
      eb('feed.channels.visibility', '=', 'public'),
      eb.exists(
        eb
          .selectFrom('feed.channelMembers as m')
          .select(sql.lit(1).as('one'))
          .whereRef('m.channelId', '=', 'feed.channels.id')
          .where('m.userId', '=', userId),
      ),
    ]);
}

export async function listVisibleChannels(db: Kysely<FeedDB>, userId: string): Promise<Channel[]> {
  const rows = await db
    .selectFrom('feed.channels')
    .select((eb) => [
      'feed.channels.id',
      'feed.channels.slug',
      'feed.channels.name',
      'feed.channels.description',
      'feed.channels.visibility',
      'feed.channels.createdAt',
      eb
        .selectFrom('feed.channelMembers as m')
        .select((m) => m.fn.countAll<number>().as('n'))
        .whereRef('m.channelId', '=', 'feed.channels.id')
        .as('memberCount'),
    ])
    .where(canSeeChannel(userId))
    .orderBy('feed.channels.name')
    .execute();
  return rows.map((r) => ({
    ...r,
    memberCount: Number(r.memberCount ?? 0),
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function visibleChannelIds(db: Kysely<FeedDB>, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('feed.channels')
    .select('id')
    .where(canSeeChannel(userId))
    .execute();
  return rows.map((r) => r.id);
}

export async function findVisibleChannel(
  db: Kysely<FeedDB>,
  channelId: string,
  userId: string,
): Promise<{ id: string; visibility: 'public' | 'private' } | undefined> {
  return db
    .selectFrom('feed.channels')
    .select(['id', 'visibility'])
    .where('id', '=', channelId)
    .where(canSeeChannel(userId))
    .executeTakeFirst();
}

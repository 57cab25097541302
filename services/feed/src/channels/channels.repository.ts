import type {
  Channel,
  ChannelMember,
  CreateChannelBody,
  UpdateChannelBody,
  Visibility,
} from '@outloud/contracts';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { authorRefOf } from '../authors/authors.repository.js';
import type { FeedDB } from '../db.js';

/** Channels the user may read: every public one, and the private ones they belong to. */
export function canSeeChannel(userId: string) {
  return (eb: ExpressionBuilder<FeedDB, 'feed.channels'>) =>
    eb.or([
      // A literal, not a parameter: a prepared statement's generic plan then knows most
      // channels match, instead of guessing one does and walking posts channel by channel.
      eb('feed.channels.visibility', '=', sql.lit('public')),
      eb.exists(
        eb
          .selectFrom('feed.channelMembers as m')
          .select(sql.lit(1).as('one'))
          .whereRef('m.channelId', '=', 'feed.channels.id')
          .where('m.userId', '=', userId),
      ),
    ]);
}

function channelRows(db: Kysely<FeedDB>, viewerId: string) {
  return db.selectFrom('feed.channels').select((eb) => [
    'feed.channels.id',
    'feed.channels.slug',
    'feed.channels.name',
    'feed.channels.description',
    'feed.channels.visibility',
    'feed.channels.ownerId',
    'feed.channels.createdAt',
    // Kept by a trigger on every join and leave: one source for lists, directory and sidebar.
    'feed.channels.memberCount',
    'feed.channels.reviewPeriodDays',
    'feed.channels.expertRoutingMinutes',
    eb
      .exists(
        eb
          .selectFrom('feed.channelMembers as me')
          .select(sql.lit(1).as('one'))
          .whereRef('me.channelId', '=', 'feed.channels.id')
          .where('me.userId', '=', viewerId),
      )
      .as('isMember'),
  ]);
}

/** The columns a channel is shown from, however it was queried. */
export interface ChannelRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  visibility: Visibility;
  memberCount: number | string | null;
  createdAt: Date;
  ownerId: string | null;
  isMember: unknown;
  reviewPeriodDays?: number | null;
  expertRoutingMinutes?: number | null;
}

/** A channel row as the API shows it. */
export function toChannel(row: ChannelRow): Channel & { isMember: boolean } {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    visibility: row.visibility,
    memberCount: Number(row.memberCount ?? 0),
    createdAt: row.createdAt.toISOString(),
    ownerId: row.ownerId,
    isMember: Boolean(row.isMember),
    ...(row.reviewPeriodDays !== undefined && { reviewPeriodDays: row.reviewPeriodDays }),
    ...(row.expertRoutingMinutes !== undefined && {
      expertRoutingMinutes: row.expertRoutingMinutes,
    }),
  };
}

/**
 * At most this many channels in a list: 500 channels with the longest names and descriptions
 * the schema allows (80 + 500 characters) stay far below one bus message.
 */
export const CHANNEL_LIST_MAX = 500;

/** The channels a person sees, the ones they belong to first, each part by name; capped. */
export async function listVisibleChannels(db: Kysely<FeedDB>, userId: string): Promise<Channel[]> {
  const rows = await channelRows(db, userId)
    .where(canSeeChannel(userId))
    .orderBy('isMember', 'desc')
    .orderBy('feed.channels.name')
    .orderBy('feed.channels.id')
    .limit(CHANNEL_LIST_MAX)
    .execute();
  return rows.map(toChannel);
}

export async function visibleChannelIds(db: Kysely<FeedDB>, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('feed.channels')
    .select('id')
    .where(canSeeChannel(userId))
    .execute();
  return rows.map((r) => r.id);
}

/** A channel as `viewerId` sees it; private channels are found only by members unless `anyVisibility`. */
export async function findChannel(
  db: Kysely<FeedDB>,
  channelId: string,
  viewerId: string,
  options: { anyVisibility?: boolean } = {},
): Promise<Channel | undefined> {
  const row = await channelRows(db, viewerId)
    .where('feed.channels.id', '=', channelId)
    .$if(!options.anyVisibility, (q) => q.where(canSeeChannel(viewerId)))
    .executeTakeFirst();
  return row && toChannel(row);
}

export async function findVisibleChannel(
  db: Kysely<FeedDB>,
  channelId: string,
  userId: string,
): Promise<{ id: string; visibility: Visibility } | undefined> {
  return db
    .selectFrom('feed.channels')
    .select(['id', 'visibility'])
    .where('id', '=', channelId)
    .where(canSeeChannel(userId))
    .executeTakeFirst();
}

/** How many channels `ownerId` has created since `since`. */
export async function countChannelsCreatedSince(
  db: Kysely<FeedDB>,
  ownerId: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('feed.channels')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('ownerId', '=', ownerId)
    .where('createdAt', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Inserts a channel with its creator as owner; returns false when the slug is taken. */
export async function insertChannel(
  db: Kysely<FeedDB>,
  input: CreateChannelBody & { id: string; ownerId: string; now: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('feed.channels')
    .values({
      id: input.id,
      slug: input.slug,
      name: input.name.trim(),
      description: (input.description ?? '').trim(),
      visibility: input.visibility,
      ownerId: input.ownerId,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await db
    .insertInto('feed.channelMembers')
    .values({
      channelId: input.id,
      userId: input.ownerId,
      role: 'owner',
      joinedAt: input.now,
      lastReadAt: input.now,
    })
    .execute();
  return true;
}

export async function updateChannel(
  db: Kysely<FeedDB>,
  id: string,
  input: UpdateChannelBody,
  now: Date,
): Promise<void> {
  await db
    .updateTable('feed.channels')
    .set({
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.description !== undefined ? { description: input.description.trim() } : {}),
      ...(input.visibility !== undefined ? { visibility: input.visibility } : {}),
      // null turns reviews (or expert routing) off for the channel.
      ...(input.reviewPeriodDays !== undefined ? { reviewPeriodDays: input.reviewPeriodDays } : {}),
      ...(input.expertRoutingMinutes !== undefined
        ? { expertRoutingMinutes: input.expertRoutingMinutes }
        : {}),
      updatedAt: now,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Adds a member, with the channel read up to now (its old posts are not news to them); returns
 * false when they already were one.
 */
export async function addMember(
  db: Kysely<FeedDB>,
  channelId: string,
  userId: string,
  now: Date,
): Promise<boolean> {
  const inserted = await db
    .insertInto('feed.channelMembers')
    .values({ channelId, userId, role: 'member', joinedAt: now, lastReadAt: now })
    .onConflict((oc) => oc.columns(['channelId', 'userId']).doNothing())
    .returning('userId')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Removes a member; returns false when they were not one. */
export async function removeMember(
  db: Kysely<FeedDB>,
  channelId: string,
  userId: string,
): Promise<boolean> {
  const removed = await db
    .deleteFrom('feed.channelMembers')
    .where('channelId', '=', channelId)
    .where('userId', '=', userId)
    .returning('userId')
    .executeTakeFirst();
  return removed !== undefined;
}

export async function memberCount(db: Kysely<FeedDB>, channelId: string): Promise<number> {
  const row = await db
    .selectFrom('feed.channelMembers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('channelId', '=', channelId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Members in joining order, keyset-paginated on (joined_at, user_id). */
export async function listMembers(
  db: Kysely<FeedDB>,
  channelId: string,
  options: { after?: { at: Date; id: string }; limit: number },
): Promise<(ChannelMember & { cursorAt: Date })[]> {
  const rows = await db
    .selectFrom('feed.channelMembers as m')
    .leftJoin('feed.authors as a', 'a.id', 'm.userId')
    .select(['m.userId', 'm.role', 'm.joinedAt', 'a.handle', 'a.displayName', 'a.avatarUrl'])
    .where('m.channelId', '=', channelId)
    .$if(options.after !== undefined, (q) =>
      q.where((eb) =>
        eb(
          eb.refTuple('m.joinedAt', 'm.userId'),
          '>',
          eb.tuple(options.after!.at, options.after!.id),
        ),
      ),
    )
    .orderBy('m.joinedAt')
    .orderBy('m.userId')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    user: authorRefOf(
      r.userId,
      r.handle ?? 'unknown',
      r.displayName ?? 'Unknown person',
      r.avatarUrl,
    ),
    role: r.role,
    joinedAt: r.joinedAt.toISOString(),
    cursorAt: r.joinedAt,
  }));
}

import type { DirectoryChannel, DirectorySort } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { FeedDB } from '../db.js';
import type { DirectoryCursor } from './channel-directory.js';
import { canSeeChannel, toChannel } from './channels.repository.js';

/** A directory row with the key its sort pages on. */
export interface DirectoryRow {
  channel: DirectoryChannel;
  cursor: DirectoryCursor;
}

// The sort keys, written exactly as the indexes of the channel-reads migration are.
const activityKey = sql<Date>`coalesce(feed.channels.last_post_at, feed.channels.created_at)`;
/** The activity key as text keeps its microseconds (a JavaScript Date would drop them). */
const activityText = sql<string>`(${activityKey})::text`;
const nameKey = sql<string>`lower(feed.channels.name)`;

/**
 * One page of the channels `viewerId` may see, optionally filtered by `pattern` (ILIKE over slug,
 * name and description), in `sort` order: most recent activity, most members (both newest id
 * first on ties), or name A–Z. Keyset paging after `after`.
 */
export async function listDirectory(
  db: Kysely<FeedDB>,
  viewerId: string,
  options: {
    sort: DirectorySort;
    pattern?: string;
    after?: DirectoryCursor;
    limit: number;
  },
): Promise<DirectoryRow[]> {
  const { sort, pattern, after } = options;
  const rows = await db
    .selectFrom('feed.channels')
    .select((eb) => [
      'feed.channels.id',
      'feed.channels.slug',
      'feed.channels.name',
      'feed.channels.description',
      'feed.channels.visibility',
      'feed.channels.ownerId',
      'feed.channels.createdAt',
      'feed.channels.memberCount',
      'feed.channels.reviewPeriodDays',
      'feed.channels.expertRoutingMinutes',
      'feed.channels.lastPostAt',
      activityText.as('activityAt'),
      nameKey.as('nameKey'),
      eb
        .exists(
          eb
            .selectFrom('feed.channelMembers as me')
            .select(sql.lit(1).as('one'))
            .whereRef('me.channelId', '=', 'feed.channels.id')
            .where('me.userId', '=', viewerId),
        )
        .as('isMember'),
    ])
    .where(canSeeChannel(viewerId))
    .$if(pattern !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('feed.channels.slug', 'ilike', pattern!),
          eb('feed.channels.name', 'ilike', pattern!),
          eb('feed.channels.description', 'ilike', pattern!),
        ]),
      ),
    )
    .$call((q) => {
      switch (sort) {
        case 'activity':
          return q
            .$if(after?.sort === 'activity', (w) =>
              w.where(
                sql<boolean>`(${activityKey}, feed.channels.id) < (${after!.key}::timestamptz, ${after!.id}::uuid)`,
              ),
            )
            .orderBy(activityKey, 'desc')
            .orderBy('feed.channels.id', 'desc');
        case 'members':
          return q
            .$if(after?.sort === 'members', (w) =>
              w.where((eb) =>
                eb(
                  eb.refTuple('feed.channels.memberCount', 'feed.channels.id'),
                  '<',
                  eb.tuple(after!.key as number, after!.id),
                ),
              ),
            )
            .orderBy('feed.channels.memberCount', 'desc')
            .orderBy('feed.channels.id', 'desc');
        case 'name':
          return q
            .$if(after?.sort === 'name', (w) =>
              w.where(
                sql<boolean>`(${nameKey}, feed.channels.id) > (${after!.key}::text, ${after!.id}::uuid)`,
              ),
            )
            .orderBy(nameKey)
            .orderBy('feed.channels.id');
        default: {
          const unknown: never = sort;
          return unknown;
        }
      }
    })
    .limit(options.limit)
    .execute();
  return rows.map((row) => ({
    channel: { ...toChannel(row), lastPostAt: row.lastPostAt?.toISOString() ?? null },
    cursor: cursorOf(sort, row),
  }));
}

function cursorOf(
  sort: DirectorySort,
  row: { id: string; activityAt: string; memberCount: number; nameKey: string },
): DirectoryCursor {
  switch (sort) {
    case 'activity':
      return { sort, key: row.activityAt, id: row.id };
    case 'members':
      return { sort, key: row.memberCount, id: row.id };
    case 'name':
      return { sort, key: row.nameKey, id: row.id };
    default: {
      const unknown: never = sort;
      return unknown;
    }
  }
}

import { sql, type RawBuilder } from 'kysely';

/**
 * SQL for the title of the original that the question under `alias` (a `feed.posts` row) was
 * closed as a duplicate of, or null when there is none to show: the original was deleted or
 * hidden, or its channel is neither the duplicate's nor public (it may have gone private since).
 * The title travels with the duplicate to everyone who reads it and into its events, so it must
 * never name something those readers may not see. With no title to show, the question reads as
 * an ordinary open one.
 */
export function shownOriginalTitle(alias: string): RawBuilder<string | null> {
  const duplicateOf = sql.ref(`${alias}.duplicate_of`);
  const channelId = sql.ref(`${alias}.channel_id`);
  return sql<string | null>`(select d.title from feed.posts d
    join feed.channels dc on dc.id = d.channel_id
    where d.id = ${duplicateOf} and d.deleted_at is null and d.hidden_at is null
      and (d.channel_id = ${channelId} or dc.visibility = 'public'))`;
}

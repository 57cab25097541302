import { canModerate, type Actor } from '@outloud/contracts';
import { sql, type RawBuilder } from 'kysely';

/** Who reads: their id and roles (an `Actor` is one). */
export type Viewer = Pick<Actor, 'id' | 'roles'>;

/**
 * A reader as the read paths take them. A bare id reads as an ordinary member (no moderator
 * rights), so a caller that only has an id can never show hidden content to the wrong person.
 */
export type ViewerRef = Viewer | string;

export function viewerIdOf(viewer: ViewerRef): string {
  return typeof viewer === 'string' ? viewer : viewer.id;
}

/** Moderators and admins work the flag queue and see hidden content. */
export function isModerator(viewer: ViewerRef): boolean {
  if (typeof viewer === 'string') return false;
  return canModerate(viewer);
}

/**
 * The one rule for hidden content, as SQL on a `posts` or `answers` row under `alias`: visible
 * unless hidden, except to its own author and to moderators. Hidden rows are rare, so the filter
 * runs on rows an index already found and never changes which index a list walks.
 */
export function visibleContent(viewer: ViewerRef, alias: string): RawBuilder<boolean> {
  if (isModerator(viewer)) return sql<boolean>`true`;
  return sql<boolean>`(${sql.ref(`${alias}.hidden_at`)} is null or ${sql.ref(
    `${alias}.author_id`,
  )} = ${viewerIdOf(viewer)})`;
}

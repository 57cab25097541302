import { uploadIdsIn } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import { canSeeChannel } from '../channels/channels.repository.js';
import type { FeedDB } from '../db.js';
import { viewerIdOf, visibleContent, type ViewerRef } from '../moderation/visibility.js';

/** A post or answer body whose upload references are recorded. */
export interface ReferencingBody {
  postId: string;
  /** Set for an answer's body; absent for the post's own. */
  answerId?: string;
  /** Who wrote the body (not who edited it: an admin's edit stays the author's content). */
  authorId: string;
  body: string;
}

/**
 * Records which uploads a body uses, replacing what it used before: an image removed by an edit
 * stops being shared through this body. Call it in the transaction that writes the body.
 */
export async function recordUploadReferences(
  db: Kysely<FeedDB>,
  source: ReferencingBody,
): Promise<void> {
  const sourceId = source.answerId ?? source.postId;
  await db.deleteFrom('feed.postUploads').where('sourceId', '=', sourceId).execute();
  const uploadIds = uploadIdsIn(source.body);
  if (uploadIds.length === 0) return;
  await db
    .insertInto('feed.postUploads')
    .values(
      uploadIds.map((uploadId) => ({
        sourceId,
        uploadId,
        postId: source.postId,
        answerId: source.answerId ?? null,
        authorId: source.authorId,
      })),
    )
    .execute();
}

/**
 * Whether `viewerId` may see the upload through some body that uses it. The rule: a body counts
 * only when its author owns the upload (anyone may write an upload's address, but only the
 * uploader can share it, so nobody exposes another person's private upload by referencing it in
 * a public post); the post, and the answer if the body is one, must be live and not hidden from
 * the viewer; and the viewer must see the post's channel (public, or private with membership),
 * as for reading the post itself.
 */
export async function isUploadVisible(
  db: Kysely<FeedDB>,
  query: { uploadId: string; ownerId: string; viewer: ViewerRef },
): Promise<boolean> {
  const row = await db
    .selectFrom('feed.postUploads as u')
    .innerJoin('feed.posts as p', 'p.id', 'u.postId')
    .innerJoin('feed.channels', 'feed.channels.id', 'p.channelId')
    .leftJoin('feed.answers as a', 'a.id', 'u.answerId')
    .select(sql.lit(1).as('one'))
    .where('u.uploadId', '=', query.uploadId)
    .where('u.authorId', '=', query.ownerId)
    .where('p.deletedAt', 'is', null)
    .where((eb) => eb.or([eb('u.answerId', 'is', null), eb('a.deletedAt', 'is', null)]))
    .where(visibleContent(query.viewer, 'p'))
    // No answer (the post's own body) passes: `a.hidden_at` is then null.
    .where(visibleContent(query.viewer, 'a'))
    .where(canSeeChannel(viewerIdOf(query.viewer)))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

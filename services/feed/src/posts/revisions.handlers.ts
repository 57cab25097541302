import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { FeedRpc } from '@outloud/contracts';
import { canModify, type FeedContext } from '../context.js';
import { REVISIONS_PAGE, revisionPage, revisionPosition } from '../revisions/revision-history.js';
import { findVisiblePost, lockVisiblePost } from './posts.repository.js';
import { listRevisions, lockRevision, redactRevision } from './posts.writes.js';

type RevisionHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'listRevisions' | 'redactRevision'>;

const notFound = () => new RpcError('post_not_found', 'No such post.');

/** A post's edit history: reading it in bounded pages, and removing a version's text from it. */
export function revisionHandlers(ctx: FeedContext): RevisionHandlers {
  const { db, clock, logger } = ctx;
  return {
    async listRevisions({ actor, id, query }) {
      const after = revisionPosition(query?.cursor);
      if (!(await findVisiblePost(db, id, actor))) throw notFound();
      const limit = query?.limit ?? REVISIONS_PAGE;
      const rows = await listRevisions(db, id, { after, limit: limit + 1 });
      return revisionPage(rows, limit);
    },

    async redactRevision({ actor, postId, revisionId }) {
      const now = clock();
      const outcome = await db.transaction().execute(async (trx) => {
        const post = await lockVisiblePost(trx, postId, actor);
        if (!post) throw notFound();
        if (!canModify(actor, post.authorId))
          throw new RpcError(
            'forbidden',
            "Only the post's author or an admin can remove a version from its history.",
          );
        const revision = await lockRevision(trx, postId, revisionId);
        if (!revision) throw new RpcError('not_found', 'No such version in this post’s history.');
        if (revision.redactedAt) return undefined;
        if (revision.title === post.title && revision.body === post.body)
          throw new RpcError(
            'current_revision',
            'This version holds the post’s current text; edit the post to change it.',
          );
        return redactRevision(trx, { ...revision, postId }, actor.id, now);
      });
      // Audit trail: who removed which version, never the text itself.
      if (outcome)
        logger?.info(
          {
            audit: 'post_revision_redacted',
            postId,
            revisionId,
            actorId: actor.id,
            scrubbedEvents: outcome.scrubbedEvents,
          },
          'post revision redacted',
        );
      return { ok: true };
    },
  };
}

import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { FeedRpc } from '@outloud/contracts';
import { upsertAuthor } from '../authors/authors.repository.js';
import type { FeedContext } from '../context.js';
import { isModerator } from '../moderation/visibility.js';
import { REVISIONS_PAGE, revisionPage, revisionPosition } from '../revisions/revision-history.js';
import {
  findReadableAnswer,
  listAnswerRevisions,
  lockAnswerRevision,
  redactAnswerRevision,
} from './answer-revisions.repository.js';
import { lockVisibleAnswer } from './answers.repository.js';

type AnswerRevisionHandlers = Pick<
  RpcHandlers<typeof FeedRpc>,
  'listAnswerRevisions' | 'redactAnswerRevision'
>;

const notFound = () => new RpcError('not_found', 'No such answer.');

/** An answer's edit history, like a post's: bounded pages, and removing a version's text. */
export function answerRevisionHandlers(ctx: FeedContext): AnswerRevisionHandlers {
  const { db, clock, logger } = ctx;
  return {
    async listAnswerRevisions({ actor, id, query }) {
      const after = revisionPosition(query?.cursor);
      const readable = await findReadableAnswer(db, id, actor);
      if (!readable) throw notFound();
      const limit = query?.limit ?? REVISIONS_PAGE;
      const rows = await listAnswerRevisions(db, id, { after, limit: limit + 1 });
      return revisionPage(rows, limit);
    },

    async redactAnswerRevision({ actor, answerId, revisionId }) {
      const now = clock();
      const outcome = await db.transaction().execute(async (trx) => {
        const found = await lockVisibleAnswer(trx, answerId, actor);
        if (!found) throw notFound();
        if (found.answer.authorId !== actor.id && !isModerator(actor))
          throw new RpcError(
            'forbidden',
            "Only the answer's author, a moderator or an admin can remove a version from its history.",
          );
        const revision = await lockAnswerRevision(trx, answerId, revisionId);
        if (!revision) throw new RpcError('not_found', 'No such version in this answer’s history.');
        if (revision.redactedAt) return undefined;
        if (revision.body === found.answer.body)
          throw new RpcError(
            'current_revision',
            'This version holds the answer’s current text; edit the answer to change it.',
          );
        // The history names who removed the version (a moderator may have written nothing yet).
        await upsertAuthor(trx, actor, now);
        return redactAnswerRevision(trx, { ...revision, answerId }, actor.id, now);
      });
      // Audit trail: who removed which version, never the text itself.
      if (outcome)
        logger?.info(
          {
            audit: 'answer_revision_redacted',
            answerId,
            revisionId,
            actorId: actor.id,
            scrubbedEvents: outcome.scrubbedEvents,
          },
          'answer revision redacted',
        );
      return { ok: true };
    },
  };
}

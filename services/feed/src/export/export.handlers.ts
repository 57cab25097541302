import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { Answer, FeedRpc } from '@outloud/contracts';
import { countWithinBudget } from '../bounded.js';
import { isAdmin, type FeedContext } from '../context.js';
import { answerRows, exportPostStates, toAnswer } from '../posts/posts.repository.js';

type ExportHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'exportPosts'>;

/** Pages of every live post with its answers, for rebuilding search (two queries per page). */
export function exportHandlers({ db }: FeedContext): ExportHandlers {
  return {
    async exportPosts({ actor, after, limit }) {
      if (!isAdmin(actor))
        throw new RpcError('forbidden', 'Exporting posts is for administrators.');
      const states = await exportPostStates(db, { after, limit });
      const ids = states.map((s) => s.post.id);
      const answers = ids.length
        ? (await answerRows(db).where('x.postId', 'in', ids).orderBy('x.createdAt').execute()).map(
            toAnswer,
          )
        : [];
      const byPost = new Map<string, Answer[]>();
      for (const answer of answers)
        byPost.set(answer.postId, [...(byPost.get(answer.postId) ?? []), answer]);
      const all = states.map((s) => ({
        post: s.post,
        visibility: s.visibility,
        version: s.version,
        answers: byPost.get(s.post.id) ?? [],
      }));
      // Whole posts with their answers: a page ends early rather than outgrow one bus message.
      const items = all.slice(0, countWithinBudget(all));
      const more = items.length < all.length || states.length === limit;
      return { items, nextAfter: more && items.length ? items.at(-1)!.post.id : null };
    },
  };
}

import { RpcError, type RpcHandlers } from '@outloud/bus';
import { Limits, type FeedRpc } from '@outloud/contracts';
import { countWithinBudget } from '../bounded.js';
import type { FeedContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../posts/cursor.js';
import { findVisiblePost, listBookmarked } from '../posts/posts.repository.js';

type BookmarkHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'setBookmark' | 'listBookmarks'>;

export function bookmarkHandlers(ctx: FeedContext): BookmarkHandlers {
  const { db, clock } = ctx;
  return {
    async setBookmark({ actor, postId, on }) {
      if (!(await findVisiblePost(db, postId, actor)))
        throw new RpcError('post_not_found', 'No such post.');
      if (on) {
        await db
          .insertInto('feed.bookmarks')
          .values({ userId: actor.id, postId, createdAt: clock() })
          .onConflict((oc) => oc.columns(['userId', 'postId']).doNothing())
          .execute();
      } else {
        await db
          .deleteFrom('feed.bookmarks')
          .where('userId', '=', actor.id)
          .where('postId', '=', postId)
          .execute();
      }
      return { ok: true };
    },

    async listBookmarks({ actor, query }) {
      const limit = query.limit ?? Limits.pageDefault;
      const after =
        query.cursor === undefined ? undefined : decodeCursor(query.cursor, 'bookmarks');
      const rows = await listBookmarked(db, {
        viewer: actor,
        after: after?.key instanceof Date && after.id ? { at: after.key, id: after.id } : undefined,
        limit: limit + 1,
      });
      // At most `limit`, and no more than fits in one bus message.
      const page = rows.slice(0, countWithinBudget(rows.slice(0, limit).map((r) => r.post)));
      const last = page.at(-1);
      return {
        items: page.map((r) => r.post),
        nextCursor:
          rows.length > page.length && last
            ? encodeCursor({ sort: 'bookmarks', key: last.bookmarkedAt, id: last.post.id })
            : null,
      };
    },
  };
}

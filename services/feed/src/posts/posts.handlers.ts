import { enqueueEvents, RpcError, type RpcHandlers } from '@outloud/bus';
import { Limits, type FeedRpc, type Post } from '@outloud/contracts';
import { v7 as uuidv7 } from 'uuid';
import { upsertAuthor, findAuthorId } from '../authors/authors.repository.js';
import { findVisibleChannel } from '../channels/channels.repository.js';
import { renderMarkdown } from '../markdown/render.js';
import type { FeedContext } from '../context.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { postCreated } from './posts.events.js';
import { preparePost } from './posts.logic.js';
import { findVisiblePost, insertPost, listAnswers, listNewest } from './posts.repository.js';

type PostHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'createPost' | 'getPost' | 'listFeed'>;

export function postHandlers(ctx: FeedContext): PostHandlers {
  const { db, names, clock } = ctx;
  return {
    async createPost({ actor, input }) {
      const prepared = preparePost(actor, input);
      const channel = await findVisibleChannel(db, input.channelId, actor.id);
      if (!channel) throw new RpcError('channel_not_found', 'No such channel.');
      const now = clock();
      const post: Post = {
        id: uuidv7({ msecs: now.getTime() }),
        channelId: channel.id,
        ...prepared,
        bodyHtml: renderMarkdown(prepared.body),
        author: { id: actor.id, handle: actor.handle, displayName: actor.displayName },
        score: 0,
        answerCount: 0,
        acceptedAnswerId: null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        await upsertAuthor(trx, actor, now);
        await insertPost(trx, {
          id: post.id,
          channelId: post.channelId,
          kind: post.kind,
          title: post.title,
          body: post.body,
          bodyHtml: post.bodyHtml,
          tags: post.tags,
          authorId: actor.id,
          acceptedAnswerId: null,
          createdAt: now,
          updatedAt: now,
        });
        await enqueueEvents(trx, 'feed', [
          postCreated(names, actor, post, channel.visibility, now),
        ]);
      });
      return { post };
    },

    async getPost({ actor, id }) {
      const post = await findVisiblePost(db, id, actor.id);
      if (!post) throw new RpcError('post_not_found', 'No such post.');
      return { post, answers: await listAnswers(db, id) };
    },

    async listFeed({ actor, query }) {
      const sort = query.sort ?? 'new';
      if (sort !== 'new' || query.following) {
        throw new RpcError(
          'validation_failed',
          `Sorting by "${sort}"${query.following ? ' and following' : ''} is not available yet.`,
          [{ field: query.following ? 'following' : 'sort', message: 'not supported' }],
        );
      }
      const limit = query.limit ?? Limits.pageDefault;
      let authorId: string | undefined;
      if (query.author !== undefined) {
        authorId = await findAuthorId(db, query.author);
        if (!authorId) return { items: [], nextCursor: null };
      }
      const items = await listNewest(db, {
        userId: actor.id,
        channelId: query.channelId,
        tag: query.tag,
        kind: query.kind,
        authorId,
        after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
        limit: limit + 1,
      });
      const page = items.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page,
        nextCursor:
          items.length > limit && last
            ? encodeCursor({ createdAt: new Date(last.createdAt), id: last.id })
            : null,
      };
    },
  };
}

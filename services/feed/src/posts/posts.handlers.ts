import { RpcError, type RpcHandlers } from '@outloud/bus';
import { Limits, type FeedRpc } from '@outloud/contracts';
import { v7 as uuidv7 } from 'uuid';
import { findAuthorId, upsertAuthor } from '../authors/authors.repository.js';
import {
  touchChannelActivityAfter,
  touchChannelActivityUnlessBusy,
} from '../channels/channel-activity.js';
import { findVisibleChannel } from '../channels/channels.repository.js';
import { canModify, type FeedContext } from '../context.js';
import { emit, postStateData } from '../events.js';
import { renderBody } from '../markdown/render-body.js';
import { initialReview } from '../knowledge/knowledge.logic.js';
import { reviewPeriodOf } from '../knowledge/knowledge.repository.js';
import { confirmOnOwnerEdit } from '../knowledge/owner-edit.js';
import { decodeCursor, encodeCursor, type Cursor } from './cursor.js';
import { applyEdit, preparePost } from './posts.logic.js';
import { countWithinBudget } from '../bounded.js';
import {
  findVisiblePost,
  followsAnything,
  listPinnedAndNew,
  listPosts,
  lockVisiblePost,
  loadPostState,
  type PostState,
} from './posts.repository.js';
import { insertPost, insertRevision, softDeletePost, updatePostContent } from './posts.writes.js';

type PostHandlers = Pick<
  RpcHandlers<typeof FeedRpc>,
  'createPost' | 'updatePost' | 'deletePost' | 'listFeed'
>;

const notFound = () => new RpcError('post_not_found', 'No such post.');

export function postHandlers(ctx: FeedContext): PostHandlers {
  const { db, clock } = ctx;
  return {
    async createPost({ actor, input }) {
      const prepared = preparePost(actor, input);
      const channel = await findVisibleChannel(db, input.channelId, actor.id);
      if (!channel) throw new RpcError('channel_not_found', 'No such channel.');
      const now = clock();
      const id = uuidv7({ msecs: now.getTime() });
      const { state, activityRecorded } = await db.transaction().execute(async (trx) => {
        await upsertAuthor(trx, actor, now);
        await insertPost(trx, {
          id,
          channelId: channel.id,
          ...prepared,
          bodyHtml: renderBody(prepared.body),
          authorId: actor.id,
          now,
          review: initialReview(
            prepared.kind,
            actor.id,
            prepared.kind === 'tip' ? await reviewPeriodOf(trx, channel.id) : null,
            now,
          ),
        });
        const created = await loadPostState(trx, id);
        await emit(trx, ctx, 'feed.post.created.v1', postStateData(created), actor, now);
        // Last: the channel row stays locked from here to the commit.
        const recorded = await touchChannelActivityUnlessBusy(trx, channel.id, now);
        return { state: created, activityRecorded: recorded };
      });
      if (!activityRecorded) await touchChannelActivityAfter(db, channel.id, now);
      return { post: { ...state.post, viewer: { voted: false, bookmarked: false } } };
    },

    async updatePost({ actor, id, input }) {
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const current = await lockVisiblePost(trx, id, actor.id);
        if (!current) throw notFound();
        if (!canModify(actor, current.authorId))
          throw new RpcError('forbidden', 'Only the author or an admin can edit this post.');
        const edit = applyEdit(current, input);
        if (!edit) return;
        await upsertAuthor(trx, actor, now);
        await insertRevision(trx, {
          id: uuidv7({ msecs: now.getTime() }),
          postId: id,
          title: current.title,
          body: current.body,
          tags: current.tags,
          editedBy: actor.id,
          replacedAt: now,
        });
        await updatePostContent(trx, id, { ...edit, bodyHtml: renderBody(edit.body), now });
        const reviewed = await confirmOnOwnerEdit(trx, id, {
          editorId: actor.id,
          changed: edit.changed,
          now,
        });
        const updated = await loadPostState(trx, id);
        await emit(
          trx,
          ctx,
          'feed.post.updated.v1',
          { ...postStateData(updated), changed: [...edit.changed, ...reviewed] },
          actor,
          now,
        );
      });
      const state = await findVisiblePost(db, id, actor.id);
      if (!state) throw notFound();
      return { post: state.post };
    },

    async deletePost({ actor, id }) {
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const current = await lockVisiblePost(trx, id, actor.id);
        if (!current) throw notFound();
        if (!canModify(actor, current.authorId))
          throw new RpcError('forbidden', 'Only the author or an admin can delete this post.');
        const state = await loadPostState(trx, id);
        const version = await softDeletePost(trx, id, now);
        await emit(
          trx,
          ctx,
          'feed.post.deleted.v1',
          {
            postId: id,
            authorId: current.authorId,
            channel: { id: current.channelId, visibility: state.visibility },
            version,
          },
          actor,
          now,
        );
      });
      return { ok: true };
    },

    async listFeed({ actor, query, topicTags }) {
      const sort = query.sort ?? 'new';
      const limit = query.limit ?? Limits.pageDefault;
      const now = clock();
      // Someone with no topics yet has nothing "in their topics".
      const anyTags = query.topics === 'mine' ? (topicTags ?? []) : undefined;
      if (anyTags?.length === 0) return { items: [], nextCursor: null };
      // Someone who follows nothing has an empty "following" feed; without this check the query
      // would walk every post looking for a match.
      if (query.following && !(await followsAnything(db, actor.id)))
        return { items: [], nextCursor: null };
      let authorId: string | undefined;
      if (query.author !== undefined) {
        authorId = await findAuthorId(db, query.author);
        if (!authorId) return { items: [], nextCursor: null };
      }
      if (
        query.channelId !== undefined &&
        !(await findVisibleChannel(db, query.channelId, actor.id))
      ) {
        throw new RpcError('channel_not_found', 'No such channel.');
      }
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, sort);
      // Pinned announcements lead the plain "new" feed (of a channel, or of everything).
      const pinsApply =
        sort === 'new' && !query.following && !query.tag && !query.kind && !authorId && !anyTags;
      // A first page with pins is one statement: pins and the rest together.
      const { pinned, rest } =
        pinsApply && !after
          ? await listPinnedAndNew(db, { viewer: actor, channelId: query.channelId, now, limit })
          : {
              pinned: [],
              rest: await listPosts(db, {
                viewer: actor,
                sort,
                channelId: query.channelId,
                tag: query.tag,
                kind: query.kind,
                authorId,
                following: query.following,
                anyTags,
                after: after?.key === null ? undefined : after,
                excludePinned: pinsApply,
                now,
                limit: limit + 1,
              }),
            };
      const fetched = rest.slice(0, limit - pinned.length);
      // Excerpts keep items small, but a page must also fit in one bus message, so it may end
      // early: the cursor then points after the last item sent.
      const fit = countWithinBudget([...pinned, ...fetched].map((s) => s.post));
      const shownPins = pinned.slice(0, fit);
      const page = fetched.slice(0, Math.max(0, fit - pinned.length));
      const more = rest.length > page.length;
      const last = page.at(-1);
      let nextCursor: string | null = null;
      if (more)
        nextCursor = encodeCursor(last ? positionOf(sort, last) : { sort, key: null, id: null });
      return { items: [...shownPins, ...page].map((s) => s.post), nextCursor };
    },
  };
}

function positionOf(sort: 'new' | 'top' | 'unanswered', state: PostState): Cursor {
  if (sort === 'top') return { sort, key: state.rank, id: state.post.id };
  return { sort, key: new Date(state.post.createdAt), id: state.post.id };
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  AnswerBody,
  AnswerPage,
  AnswerResponse,
  CreatePostBody,
  FeedPage,
  FeedQuery,
  Id,
  ListQuery,
  PostResponse,
  PostWithAnswers,
  RevisionList,
  ScoreResponse,
  UpdatePostBody,
  VoteBody,
  type Actor,
  type Post,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { errorResponses, NoContent, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { ServiceClients } from '../services/clients.js';
import { badgePage, badgeThread, type AuthorBadges } from '../learning/badges.js';
import type { TopicsOf } from './topics.js';
import type { NewcomerGuard } from '../newcomers/newcomers.guard.js';

export interface PostsRoutesOptions {
  services: ServiceClients;
  config: GatewayConfig;
  /** Adds author badges (L&D, works out loud) to what is read. */
  badges?: AuthorBadges;
  /** Told about every post a person opens (campaign announcements count their readers). */
  onPostOpened?: (actor: Actor, post: Post) => void;
  /** The reader's topics, for `GET /feed?topics=mine` (none without it). */
  topicsOf?: TopicsOf;
  /** Newcomers' first-day caps on posts, answers and links (none without it). */
  newcomers?: NewcomerGuard;
}

const IdParams = Type.Object({ id: Id });

/** Posts, answers, votes, bookmarks and the feed; the feed service owns them and checks access. */
export const postsRoutes: FastifyPluginAsyncTypebox<PostsRoutesOptions> = async (
  app,
  { services, config, badges, onPostOpened, topicsOf, newcomers },
) => {
  const { feed } = services;
  const admit: NewcomerGuard['admit'] = newcomers
    ? (actor, write, perform, idOf) => newcomers.admit(actor, write, perform, idOf)
    : (_actor, _write, perform) => perform();
  const writes = { rateLimit: writeRateLimit(config) };
  const doc = <S extends object>(summary: string, extra: S) => ({
    tags: [Tags.posts],
    summary,
    security: signedIn,
    ...extra,
  });
  app.addHook('onRequest', requireActor);

  app.post(
    '/posts',
    {
      config: writes,
      schema: doc('Share a tip, ask a question or (L&D, managers, admins) post an announcement', {
        body: CreatePostBody,
        response: { 201: PostResponse, ...errorResponses(400, 401, 403, 404, 413, 429, 503) },
      }),
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const created = await admit(
        actor,
        { kind: 'post', body: request.body.body },
        () => feed.call('createPost', { actor, input: request.body }),
        ({ post }) => post.id,
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/posts/:id',
    {
      schema: doc(
        'A post with its first answers (at most 50, accepted first, then most helpful); `answersCursor` pages the rest',
        {
          params: IdParams,
          response: { 200: PostWithAnswers, ...errorResponses(400, 401, 404, 503) },
        },
      ),
    },
    async (request) => {
      const actor = actorOf(request);
      const thread = await feed.call('getPost', { actor, id: request.params.id });
      onPostOpened?.(actor, thread.post);
      if (!badges) return thread;
      return { ...(await badgeThread(badges, thread)), answersCursor: thread.answersCursor };
    },
  );

  app.get(
    '/posts/:id/answers',
    {
      schema: doc("More of a thread's answers, after the thread's `answersCursor`", {
        params: IdParams,
        querystring: ListQuery,
        response: { 200: AnswerPage, ...errorResponses(400, 401, 404, 503) },
      }),
    },
    async (request) => {
      const page = await feed.call('listAnswers', {
        actor: actorOf(request),
        postId: request.params.id,
        query: request.query,
      });
      return badges ? badgePage(badges, page) : page;
    },
  );

  app.patch(
    '/posts/:id',
    {
      config: writes,
      schema: doc('Edit a post (author or admin); the previous version is kept', {
        params: IdParams,
        body: UpdatePostBody,
        response: { 200: PostResponse, ...errorResponses(400, 401, 403, 404, 413, 429, 503) },
      }),
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params;
      return admit(actor, { kind: 'edit', body: request.body.body, targetId: id }, () =>
        feed.call('updatePost', { actor, id, input: request.body }),
      );
    },
  );

  app.delete(
    '/posts/:id',
    {
      config: writes,
      schema: doc('Delete a post (author or admin); it is gone for readers and kept for audit', {
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 429, 503) },
      }),
    },
    async (request, reply) => {
      await feed.call('deletePost', { actor: actorOf(request), id: request.params.id });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/posts/:id/revisions',
    {
      schema: doc('Earlier versions of a post, the most recently replaced first', {
        params: IdParams,
        querystring: ListQuery,
        response: { 200: RevisionList, ...errorResponses(400, 401, 404, 503) },
      }),
    },
    async (request) =>
      feed.call('listRevisions', {
        actor: actorOf(request),
        id: request.params.id,
        query: request.query,
      }),
  );

  app.delete(
    '/posts/:id/revisions/:revisionId',
    {
      config: writes,
      schema: doc(
        "Remove an earlier version's text from a post's history (author or admin); the history shows that something was removed",
        {
          params: Type.Object({ id: Id, revisionId: Id }),
          response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409, 429, 503) },
        },
      ),
    },
    async (request, reply) => {
      await feed.call('redactRevision', {
        actor: actorOf(request),
        postId: request.params.id,
        revisionId: request.params.revisionId,
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/posts/:id/answers',
    {
      config: writes,
      schema: doc('Answer a question (or comment on a tip or announcement)', {
        params: IdParams,
        body: AnswerBody,
        response: { 201: AnswerResponse, ...errorResponses(400, 401, 404, 413, 429, 503) },
      }),
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const created = await admit(
        actor,
        { kind: 'answer', body: request.body.body },
        () => feed.call('createAnswer', { actor, postId: request.params.id, input: request.body }),
        ({ answer }) => answer.id,
      );
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/answers/:id',
    {
      config: writes,
      schema: doc('Edit an answer (author or admin)', {
        params: IdParams,
        body: AnswerBody,
        response: { 200: AnswerResponse, ...errorResponses(400, 401, 403, 404, 413, 429, 503) },
      }),
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params;
      return admit(actor, { kind: 'edit', body: request.body.body, targetId: id }, () =>
        feed.call('updateAnswer', { actor, id, input: request.body }),
      );
    },
  );

  app.delete(
    '/answers/:id',
    {
      config: writes,
      schema: doc('Delete an answer (author or admin)', {
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 429, 503) },
      }),
    },
    async (request, reply) => {
      await feed.call('deleteAnswer', { actor: actorOf(request), id: request.params.id });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/answers/:id/accept',
    {
      config: writes,
      schema: doc("Accept an answer (the question's author only; accepting another moves it)", {
        params: IdParams,
        response: { 200: AnswerResponse, ...errorResponses(400, 401, 403, 404, 409, 429, 503) },
      }),
    },
    async (request) =>
      feed.call('acceptAnswer', { actor: actorOf(request), id: request.params.id }),
  );

  app.delete(
    '/answers/:id/accept',
    {
      config: writes,
      schema: doc("Withdraw the acceptance of an answer (the question's author only)", {
        params: IdParams,
        response: { 200: AnswerResponse, ...errorResponses(400, 401, 403, 404, 409, 429, 503) },
      }),
    },
    async (request) =>
      feed.call('unacceptAnswer', { actor: actorOf(request), id: request.params.id }),
  );

  app.put(
    '/posts/:id/vote',
    {
      config: writes,
      schema: doc(
        'Mark a post helpful (1) or take it back (0); one vote per person, never your own',
        {
          params: IdParams,
          body: VoteBody,
          response: { 200: ScoreResponse, ...errorResponses(400, 401, 403, 404, 429, 503) },
        },
      ),
    },
    async (request) =>
      feed.call('votePost', {
        actor: actorOf(request),
        id: request.params.id,
        input: request.body,
      }),
  );

  app.put(
    '/answers/:id/vote',
    {
      config: writes,
      schema: doc('Mark an answer helpful (1) or take it back (0)', {
        params: IdParams,
        body: VoteBody,
        response: { 200: ScoreResponse, ...errorResponses(400, 401, 403, 404, 429, 503) },
      }),
    },
    async (request) =>
      feed.call('voteAnswer', {
        actor: actorOf(request),
        id: request.params.id,
        input: request.body,
      }),
  );

  for (const [method, on] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/posts/:id/bookmark',
      config: writes,
      schema: doc(on ? 'Bookmark a post' : 'Remove a bookmark', {
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 429, 503) },
      }),
      handler: async (request, reply) => {
        await feed.call('setBookmark', { actor: actorOf(request), postId: request.params.id, on });
        return reply.code(204).send(null);
      },
    });
  }

  app.get(
    '/bookmarks',
    {
      schema: doc('Bookmarked posts, most recently bookmarked first', {
        querystring: ListQuery,
        response: { 200: FeedPage, ...errorResponses(400, 401, 503) },
      }),
    },
    async (request) =>
      feed.call('listBookmarks', { actor: actorOf(request), query: request.query }),
  );

  app.get(
    '/feed',
    {
      schema: doc(
        'The feed: filter by channel, tag, kind, author, what you follow or your topics (`topics=mine`: profile skills and expertise tags); sort new, top or unanswered',
        {
          querystring: FeedQuery,
          response: { 200: FeedPage, ...errorResponses(400, 401, 404, 503) },
        },
      ),
    },
    async (request) => {
      const actor = actorOf(request);
      const { query } = request;
      const topicTags = query.topics === 'mine' ? ((await topicsOf?.(actor)) ?? []) : undefined;
      const page = await feed.call('listFeed', { actor, query, topicTags });
      return badges ? badgePage(badges, page) : page;
    },
  );
};

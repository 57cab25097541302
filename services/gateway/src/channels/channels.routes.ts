import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  AddMemberBody,
  ChannelList,
  ChannelMembersPage,
  ChannelResponse,
  CreateChannelBody,
  DirectoryPage,
  DirectoryQuery,
  Id,
  JoinedChannelList,
  ListQuery,
  MarkChannelReadBody,
  UNREAD_COUNT_MAX,
  UpdateChannelBody,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { errorResponses, NoContent, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { Identity } from '../identity/identity.service.js';
import type { ServiceClients } from '../services/clients.js';
import type { VisibleChannels } from '../services/visible-channels.js';

export interface ChannelsRoutesOptions {
  services: ServiceClients;
  identity: Identity;
  config: GatewayConfig;
  /** Emptied right after every change made here (other instances learn of it from the event). */
  visibleChannels: VisibleChannels;
}

const ChannelParams = Type.Object({ id: Id });

/** The Channels section of API.md; the feed service owns channels and checks every permission. */
export const channelsRoutes: FastifyPluginAsyncTypebox<ChannelsRoutesOptions> = async (
  app,
  { services, identity, config, visibleChannels },
) => {
  const { feed } = services;
  const writes = { rateLimit: writeRateLimit(config) };
  app.addHook('onRequest', requireActor);

  app.get(
    '/channels',
    {
      schema: {
        tags: [Tags.channels],
        summary: 'Channels the actor can see: every public one and the private ones they belong to',
        security: signedIn,
        response: { 200: ChannelList, ...errorResponses(401, 503) },
      },
    },
    async (request) => feed.call('listChannels', { actor: actorOf(request) }),
  );

  app.get(
    '/channels/mine',
    {
      schema: {
        tags: [Tags.channels],
        summary: 'The channels the actor joined, starred first, then by name',
        description: `Each with \`starred\`, \`lastPostAt\` and \`unreadCount\`: posts by others written since the actor last read the channel (\`POST /channels/:id/read\`), counted up to ${UNREAD_COUNT_MAX}. Joining a channel starts it read. At most 500 channels.`,
        security: signedIn,
        response: { 200: JoinedChannelList, ...errorResponses(401, 503) },
      },
    },
    async (request) => feed.call('joinedChannels', { actor: actorOf(request) }),
  );

  app.get(
    '/channels/directory',
    {
      schema: {
        tags: [Tags.channels],
        summary: 'Search, sort and page through the channels the actor can see',
        description:
          '`q` matches slug, name or description (case-insensitive, anywhere). `sort`: `activity` (latest post, or creation when there is none; default), `members` (most first) or `name` (A–Z). Pages with `cursor` = the previous `nextCursor`, valid only for the same sort.',
        security: signedIn,
        querystring: DirectoryQuery,
        response: { 200: DirectoryPage, ...errorResponses(400, 401, 503) },
      },
    },
    async (request) =>
      feed.call('channelDirectory', { actor: actorOf(request), query: request.query }),
  );

  app.post(
    '/channels',
    {
      config: writes,
      schema: {
        tags: [Tags.channels],
        summary: 'Create a channel; the creator becomes its owner and first member',
        security: signedIn,
        body: CreateChannelBody,
        response: { 201: ChannelResponse, ...errorResponses(400, 401, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const created = await feed.call('createChannel', {
        actor: actorOf(request),
        input: request.body,
      });
      visibleChannels.invalidate();
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/channels/:id',
    {
      schema: {
        tags: [Tags.channels],
        summary: 'One channel (404 for a private channel the actor is not in)',
        security: signedIn,
        params: ChannelParams,
        response: { 200: ChannelResponse, ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request) => feed.call('getChannel', { actor: actorOf(request), id: request.params.id }),
  );

  app.patch(
    '/channels/:id',
    {
      config: writes,
      schema: {
        tags: [Tags.channels],
        summary: 'Rename, describe or change the visibility of a channel (owner or admin)',
        security: signedIn,
        params: ChannelParams,
        body: UpdateChannelBody,
        response: { 200: ChannelResponse, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const updated = await feed.call('updateChannel', {
        actor: actorOf(request),
        id: request.params.id,
        input: request.body,
      });
      visibleChannels.invalidate();
      return updated;
    },
  );

  app.post(
    '/channels/:id/join',
    {
      config: writes,
      schema: {
        tags: [Tags.channels],
        summary: 'Join a public channel (private channels are joined by invitation: 403)',
        security: signedIn,
        params: ChannelParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      await feed.call('joinChannel', { actor: actorOf(request), id: request.params.id });
      visibleChannels.invalidate();
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/channels/:id/leave',
    {
      config: writes,
      schema: {
        tags: [Tags.channels],
        summary: 'Leave a channel (the owner cannot leave: 409)',
        security: signedIn,
        params: ChannelParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await feed.call('removeMember', { actor, id: request.params.id, userId: actor.id });
      visibleChannels.invalidate();
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/channels/:id/read',
    {
      config: writes,
      schema: {
        tags: [Tags.channels],
        summary: 'Mark a joined channel read, up to now or up to one of its posts',
        description:
          'With `{ postId }`, posts up to and including that one are read. The mark only moves forward. For a channel the actor has not joined there is nothing to mark: 204 all the same.',
        security: signedIn,
        params: ChannelParams,
        body: MarkChannelReadBody,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 429, 503) },
      },
      // A bodyless POST reads up to now, like `{}`.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      await feed.call('markChannelRead', {
        actor: actorOf(request),
        id: request.params.id,
        ...(request.body.postId === undefined ? {} : { postId: request.body.postId }),
      });
      return reply.code(204).send(null);
    },
  );

  for (const [method, on] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/channels/:id/star',
      config: writes,
      schema: {
        tags: [Tags.channels],
        summary: on
          ? 'Star a joined channel: it heads the sidebar (409 when not a member)'
          : 'Unstar a channel',
        security: signedIn,
        params: ChannelParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 409, 429, 503) },
      },
      handler: async (request, reply) => {
        await feed.call('setChannelStar', { actor: actorOf(request), id: request.params.id, on });
        return reply.code(204).send(null);
      },
    });
  }

  app.get(
    '/channels/:id/members',
    {
      schema: {
        tags: [Tags.channels],
        summary: 'Members of a channel in joining order',
        security: signedIn,
        params: ChannelParams,
        querystring: ListQuery,
        response: { 200: ChannelMembersPage, ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request) =>
      feed.call('listMembers', {
        actor: actorOf(request),
        id: request.params.id,
        query: request.query,
      }),
  );

  app.post(
    '/channels/:id/members',
    {
      config: writes,
      schema: {
        tags: [Tags.channels],
        summary: 'Add a member (owner or admin; how private channels get members)',
        security: signedIn,
        params: ChannelParams,
        body: AddMemberBody,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const user = await identity.findUser(request.body.userId);
      if (!user) throw new AppError('user_not_found', 'No such person.');
      await feed.call('addMember', {
        actor: actorOf(request),
        id: request.params.id,
        member: { id: user.id, handle: user.handle, displayName: user.displayName },
      });
      visibleChannels.invalidate();
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/channels/:id/members/:userId',
    {
      config: writes,
      schema: {
        tags: [Tags.channels],
        summary: 'Remove a member (owner or admin), or leave (yourself)',
        security: signedIn,
        params: Type.Object({ id: Id, userId: Id }),
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      await feed.call('removeMember', {
        actor: actorOf(request),
        id: request.params.id,
        userId: request.params.userId,
      });
      visibleChannels.invalidate();
      return reply.code(204).send(null);
    },
  );
};

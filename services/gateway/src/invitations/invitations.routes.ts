import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  CreatedInvitations,
  CreateInvitationsBody,
  Id,
  Invitation,
  InvitationPreview,
  InvitationStatus,
  Page,
  PageQuery,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { errorResponses, NoContent, signedIn, Tags } from '../core/openapi.js';
import { registerRateLimit, writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireRole } from '../identity/auth.hooks.js';
import type { Invitations } from './invitations.service.js';

export interface InvitationsRoutesOptions {
  invitations: Invitations;
  config: GatewayConfig;
}

const InvitationsQuery = Type.Object(
  { status: Type.Optional(InvitationStatus), ...PageQuery },
  { additionalProperties: false },
);
const InvitationPage = Page(Invitation);
const inviters = requireRole('admin', 'manager');

/** Invitations by email (admins and managers), and the public look-up behind an invitation link. */
export const invitationsRoutes: FastifyPluginAsyncTypebox<InvitationsRoutesOptions> = async (
  app,
  { invitations, config },
) => {
  const writes = writeRateLimit(config);

  app.post(
    '/invitations',
    {
      onRequest: [inviters],
      config: { rateLimit: writes },
      schema: {
        tags: [Tags.admin],
        summary: 'Invite people by email (admins and managers)',
        description:
          'Addresses are lowercased and each invited once; each gets a single-use link valid ' +
          'for INVITATION_TTL_DAYS. Managers may not grant `admin` or `moderator` (403) and may ' +
          'preset only channels they own. For admins, addresses that already have an account ' +
          'are skipped and listed in `skipped`.',
        security: signedIn,
        body: CreateInvitationsBody,
        response: { 201: CreatedInvitations, ...errorResponses(400, 401, 403, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const inviter = request.auth?.user ?? actor;
      return reply.code(201).send(await invitations.create(actor, inviter, request.body));
    },
  );

  app.get(
    '/invitations',
    {
      onRequest: [inviters],
      schema: {
        tags: [Tags.admin],
        summary: 'Invitations, newest first (admins see all, managers their own)',
        security: signedIn,
        querystring: InvitationsQuery,
        response: { 200: InvitationPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => invitations.list(actorOf(request), request.query),
  );

  app.get(
    '/invitations/lookup',
    {
      config: { rateLimit: registerRateLimit(config), beforeVerification: true },
      schema: {
        tags: [Tags.identity],
        summary: 'What an invitation link offers (no sign-in needed)',
        querystring: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: InvitationPreview, ...errorResponses(400, 429) },
      },
    },
    async (request) => invitations.lookup(request.query.token),
  );

  app.delete(
    '/invitations/:id',
    {
      onRequest: [inviters],
      config: { rateLimit: writes },
      schema: {
        tags: [Tags.admin],
        summary: 'Revoke an invitation that has not been used',
        description: '404 for an unknown invitation or, for a manager, one they did not make.',
        security: signedIn,
        params: Type.Object({ id: Id }),
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      await invitations.revoke(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};

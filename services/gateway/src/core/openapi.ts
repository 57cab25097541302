import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import Type, { type TSchema } from 'typebox';
import { ErrorBody } from '@outloud/contracts';
import { SESSION_COOKIE } from '../identity/sessions.js';

/** OpenAPI tags, one per feature area; route schemas name theirs. */
export const Tags = {
  identity: 'identity',
  admin: 'admin',
  channels: 'channels',
  posts: 'posts',
  moderation: 'moderation',
  search: 'search',
  notifications: 'notifications',
  learning: 'learning',
  challenges: 'challenges',
  insights: 'insights',
  operations: 'operations',
} as const;

const TAG_DESCRIPTIONS: Record<(typeof Tags)[keyof typeof Tags], string> = {
  identity: 'Accounts, sessions and API tokens',
  admin: 'Instance administration',
  channels: 'Channels and their members',
  posts: 'Tips, questions, announcements, answers, votes and the feed',
  moderation: 'Flags, the moderation queue and moderators’ actions',
  search: 'Full-text search, similar questions and who knows what',
  notifications: "The actor's notifications",
  learning: 'Personal goals, evidence, the progress log and portfolios',
  challenges: 'Learning challenges: daily prompts, check-ins, streaks and cohorts',
  insights: 'Team insights for managers and L&D (aggregates only)',
  operations: 'Health and metrics',
};

/** `security` for routes that need a signed-in actor (session cookie or API token). */
export const signedIn: { [scheme: string]: string[] }[] = [
  { cookieAuth: [], csrfToken: [] },
  { bearerAuth: [] },
];

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or invalid input; `details` names each field.',
  401: 'Not signed in.',
  403: 'Signed in but not allowed, or a missing/wrong CSRF token.',
  404: 'Not found.',
  409: 'Conflict.',
  413: 'Request body too large.',
  429: 'Rate limited; see Retry-After.',
  503: 'A dependency is unavailable.',
};

/** Response schemas for the listed error statuses, all in the API error format. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      Type.Object(ErrorBody.properties, { description: ERROR_DESCRIPTIONS[status] ?? 'Error.' }),
    ]),
  );
}

/** `204 No Content` for the response map. */
export const NoContent = Type.Null({ description: 'No content.' });

/** The OpenAPI document at `/api/docs/json` and the browsable UI at `/api/docs`. */
export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Outloud API',
        version: '1.0.0',
        description:
          'Outloud public API. Errors are `{ error: { code, message, details? } }`. Cookie-authenticated ' +
          'requests that change data must send the `X-CSRF-Token` returned by register/login.',
      },
      tags: Object.entries(TAG_DESCRIPTIONS).map(([name, description]) => ({ name, description })),
      components: {
        securitySchemes: {
          cookieAuth: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'A personal API token (olt_…).',
          },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
}

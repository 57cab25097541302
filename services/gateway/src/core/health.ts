import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { failingChecks, type ReadinessCheck } from '@outloud/ops';
import { Tags } from './openapi.js';

const Ready = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  failing: Type.Array(Type.String()),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});

/** `/healthz`: the process is up. `/readyz`: every dependency answers (503 naming those that don't). */
export function installHealth(app: FastifyInstance, checks: Record<string, ReadinessCheck>): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: [Tags.operations],
        summary: 'Process is up',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: [Tags.operations],
        summary: 'Dependencies are reachable',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_request, reply) => {
      const failing = await failingChecks(checks);
      if (failing.length === 0) return { status: 'ok' as const, failing };
      return reply.code(503).send({
        status: 'unavailable' as const,
        failing,
        error: { code: 'unavailable', message: `Not ready: ${failing.join(', ')} unreachable.` },
      });
    },
  );
}

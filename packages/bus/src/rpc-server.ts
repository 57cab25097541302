import {
  checker,
  type Names,
  type RpcReply,
  type RpcRequest,
  type RpcSchemas,
} from '@outloud/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import { Svcm, type Service, type ServiceMsg } from '@nats-io/services';
import type { BusLogger } from './connection.js';
import { createAdmission } from './admission.js';
import { decodeJson, encodeJson } from './codec.js';
import { RpcError, RPC_TIMEOUT_HEADER } from './errors.js';
import { dataExceptionAsRpcError } from './pg-errors.js';

/** A running set of endpoints; `stop()` stops serving them. */
export type RpcService = Service;

export type RpcHandlers<S extends RpcSchemas> = {
  [V in keyof S & string]: (request: RpcRequest<S, V>) => Promise<RpcReply<S, V>>;
};

/**
 * Serves `svc.<service>.<verb>` over the NATS services API, one endpoint per verb in the queue
 * group of the service, so instances share the load. Requests are validated before the handler
 * runs; an `RpcError` travels back as `{ code, message, details }` with the service-error headers.
 */
export async function serveRpc<S extends RpcSchemas>(options: {
  nc: NatsConnection;
  names: Names;
  service: string;
  version?: string;
  schemas: S;
  handlers: RpcHandlers<S>;
  logger: BusLogger;
  /** Handlers running at once in this instance (default 32); more requests wait in turn. */
  maxConcurrent?: number;
  /** Requests that may wait for a free handler (default 1,000); more are refused at once. */
  maxQueued?: number;
}): Promise<Service> {
  const { nc, names, service, schemas, handlers, logger } = options;
  const admission = createAdmission({
    maxConcurrent: options.maxConcurrent ?? 32,
    maxQueued: options.maxQueued ?? 1_000,
  });
  const svc = await new Svcm(nc).add({
    name: service,
    version: options.version ?? '1.0.0',
    queue: service,
    description: `Outloud ${service} service`,
  });
  for (const verb of Object.keys(schemas) as (keyof S & string)[]) {
    const request = checker(schemas[verb]!.request);
    const handler = handlers[verb];
    svc.addEndpoint(verb, {
      subject: names.svc(service, verb),
      queue: service,
      handler: (err, msg) => {
        if (err) {
          logger.error({ err, verb }, 'rpc endpoint stopped');
          return;
        }
        const arrived = Date.now();
        const budget = Number(msg.headers?.get(RPC_TIMEOUT_HEADER));
        const admitted = admission.submit(async () => {
          // The caller has given up: its answer would be thrown away, and the work with it.
          if (budget > 0 && Date.now() - arrived >= budget) return;
          await respond(msg, verb, request, handler, logger, replyLimit(nc));
        });
        if (!admitted) refuse(msg, service);
      },
    });
  }
  return svc;
}

function refuse(msg: ServiceMsg, service: string): void {
  const busy = new RpcError('unavailable', `The ${service} service is busy; try again shortly.`);
  msg.respondError(
    busy.status,
    busy.message,
    encodeJson({ code: busy.code, message: busy.message, details: busy.details }),
  );
}

/** Room left in a message for the headers and framing around a reply. */
export const REPLY_HEADROOM_BYTES = 16 * 1024;

/** The largest reply body this connection's server accepts (its `max_payload`, less headroom). */
function replyLimit(nc: NatsConnection): number {
  const max = nc.info?.max_payload ?? 1024 * 1024;
  return max - REPLY_HEADROOM_BYTES;
}

async function respond(
  msg: ServiceMsg,
  verb: string,
  request: ReturnType<typeof checker>,
  handler: (request: never) => Promise<unknown>,
  logger: BusLogger,
  limit: number,
): Promise<void> {
  try {
    const payload = decodeJson(msg.data);
    if (!request.check(payload)) {
      throw new RpcError('validation_failed', `Invalid ${verb} request.`, request.issues(payload));
    }
    const reply = encodeJson(await handler(payload as never));
    if (reply.length > limit) {
      // Lists are bounded by design; reaching this is a bug to fix, so it is loud, not silent.
      logger.error(
        { code: 'reply_too_large', subject: msg.subject, verb, size: reply.length, limit },
        'rpc reply too large for the bus',
      );
      throw new RpcError('reply_too_large', 'The answer is too large to send; this was logged.');
    }
    msg.respond(reply);
  } catch (error) {
    const rpc =
      error instanceof RpcError
        ? error
        : (dataExceptionAsRpcError(error, { verb, logger }) ??
          new RpcError('internal', 'The service failed to handle the request.', undefined, {
            cause: error,
          }));
    if (rpc.code === 'internal') logger.error({ err: error, verb }, 'rpc handler failed');
    msg.respondError(
      rpc.status,
      rpc.message,
      encodeJson({ code: rpc.code, message: rpc.message, details: rpc.details }),
    );
  }
}

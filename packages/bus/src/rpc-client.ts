import {
  checker,
  type Names,
  type RpcReply,
  type RpcRequest,
  type RpcSchemas,
} from '@outloud/contracts';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { decodeJson, encodeJson } from './codec.js';
import { isErrorCode, RpcError, RPC_TIMEOUT_HEADER } from './errors.js';

export interface RpcClient<S extends RpcSchemas> {
  call<V extends keyof S & string>(verb: V, request: RpcRequest<S, V>): Promise<RpcReply<S, V>>;
}

const SERVICE_ERROR_CODE = 'Nats-Service-Error-Code';
/** Room left in a message for the headers and framing around a request. */
const REQUEST_HEADROOM_BYTES = 4 * 1024;

/**
 * A typed caller for one service. Replies are validated (but those of `trustedReplies`); service
 * errors are re-thrown as `RpcError` with the service's code; no responders or a timeout become
 * `unavailable` (503).
 */
export function rpcClient<S extends RpcSchemas>(options: {
  nc: NatsConnection;
  names: Names;
  service: string;
  schemas: S;
  timeoutMs?: number;
  /**
   * Verbs whose replies are passed on unchecked: hot reads whose answer leaves through a response
   * schema of the caller anyway (serialised by it, which keeps only the schema's fields), from a
   * service of our own. Checking a page of posts twice costs more than the rest of the hop.
   */
  trustedReplies?: readonly (keyof S & string)[];
}): RpcClient<S> {
  const { nc, names, service, schemas } = options;
  const trusted = new Set<string>(options.trustedReplies ?? []);
  const timeout = options.timeoutMs ?? 5_000;
  return {
    async call(verb, request) {
      const data = encodeJson(request);
      const max = nc.info?.max_payload ?? 1024 * 1024;
      // The server would refuse it (and the caller would see a misleading "not answering").
      if (data.length > max - REQUEST_HEADROOM_BYTES) {
        throw new RpcError('payload_too_large', `The ${verb} request is too large to send.`, {
          size: data.length,
          limit: max - REQUEST_HEADROOM_BYTES,
        });
      }
      let reply;
      try {
        // The service skips a request that waited longer than we do.
        const sent = headers();
        sent.set(RPC_TIMEOUT_HEADER, String(timeout));
        reply = await nc.request(names.svc(service, verb), data, {
          timeout,
          headers: sent,
        });
      } catch (error) {
        throw new RpcError('unavailable', `The ${service} service is not answering.`, undefined, {
          cause: error,
        });
      }
      const body = decodeJson(reply.data);
      if (reply.headers?.get(SERVICE_ERROR_CODE)) {
        const carried = body as
          { code?: unknown; message?: unknown; details?: unknown } | undefined;
        const code = isErrorCode(carried?.code) ? carried.code : 'internal';
        const message = typeof carried?.message === 'string' ? carried.message : 'Service error.';
        throw new RpcError(code, message, carried?.details);
      }
      if (trusted.has(verb)) return body as RpcReply<S, typeof verb>;
      const replyCheck = checker(schemas[verb]!.reply);
      if (!replyCheck.check(body)) {
        throw new RpcError('internal', `The ${service} service sent an invalid ${verb} reply.`, {
          issues: replyCheck.issues(body),
        });
      }
      return body as RpcReply<S, typeof verb>;
    },
  };
}

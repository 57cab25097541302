import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pgDataExceptionIn } from '@outloud/bus';
import { AppError, ErrorCodes, isErrorCode, type ErrorCode } from './errors.js';
import { validationDetails, type SchemaIssue } from './validation-details.js';

interface ApiError {
  status: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
  retryAfterSeconds?: number;
}

const INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again.';

/** Client errors Fastify raises itself, by status, when no more specific code applies. */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
};

type MaybeError = Partial<FastifyError> & {
  validation?: SchemaIssue[];
  details?: unknown;
  retryAfterSeconds?: unknown;
};

function fromCatalogue(code: ErrorCode, message: string, error: MaybeError): ApiError {
  const out: ApiError = { status: ErrorCodes[code], code, message };
  if (error.details !== undefined) out.details = error.details;
  if (typeof error.retryAfterSeconds === 'number') out.retryAfterSeconds = error.retryAfterSeconds;
  // Every 429 says when to try again (shared/API.md); a service's limit without its own figure
  // asks for a minute.
  else if (code === 'rate_limited') out.retryAfterSeconds = 60;
  return out;
}

/**
 * Maps anything thrown while handling a request to an API error. Exported for tests and for
 * adapters (socket.io) that report errors in the same shape.
 */
export function toApiError(thrown: unknown): ApiError {
  const error = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as MaybeError;
  if (thrown instanceof AppError) return fromCatalogue(thrown.code, thrown.message, thrown);
  // A value Postgres cannot store (SQLSTATE class 22) that got past a schema is bad input, not a
  // failure of ours; `installErrorHandler` logs it so the schema can be tightened.
  if (pgDataExceptionIn(thrown)) {
    return {
      status: 400,
      code: 'validation_failed',
      message: 'A value in the request is out of range or malformed.',
    };
  }
  if (Array.isArray(error.validation)) {
    return {
      status: 400,
      code: 'validation_failed',
      message: 'Some fields are missing or invalid.',
      details: validationDetails(error.validation, error.validationContext ?? 'body'),
    };
  }
  // Errors from other services (RPC replies) carry a catalogue code and a safe message.
  if (isErrorCode(error.code) && typeof error.message === 'string') {
    const code = error.code;
    return fromCatalogue(code, code === 'internal' ? INTERNAL_MESSAGE : error.message, error);
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    switch (error.code ?? '') {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return { status: 400, code: 'bad_request', message: 'The request body is not valid JSON.' };
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return {
          status: 400,
          code: 'bad_request',
          message: 'Send the request body as application/json.',
        };
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return {
          status: 413,
          code: 'payload_too_large',
          message: 'The request body is too large.',
        };
      // Raised by the router before any route runs; their own messages repeat the whole URL.
      case 'FST_ERR_BAD_URL':
        return {
          status: 400,
          code: 'bad_request',
          message: 'The address is not valid: a part of it is not percent-encoded UTF-8.',
        };
      case 'FST_ERR_MAX_PARAM_LENGTH':
        return { status: 400, code: 'bad_request', message: 'A part of the address is too long.' };
      default:
        break;
    }
    const code = CODE_BY_STATUS[status] ?? 'bad_request';
    const message =
      typeof error.message === 'string' && error.message ? error.message : 'Bad request.';
    return { status: ErrorCodes[code], code, message };
  }
  return { status: 500, code: 'internal', message: INTERNAL_MESSAGE };
}

export function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  }
  const body: { code: string; message: string; details?: unknown } = {
    code: error.code,
    message: error.message,
  };
  if (error.details !== undefined) body.details = error.details;
  return reply.code(error.status).type('application/json; charset=utf-8').send({ error: body });
}

/**
 * Fastify's `frameworkErrors` option: errors its router raises before a route is chosen (a URL
 * that is not valid percent-encoding, a path parameter over `maxParamLength`) bypass the error
 * handler, so they are answered here in the same format.
 */
export function frameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const apiError = toApiError(error);
  request.log.info({ code: apiError.code, status: apiError.status }, 'request refused');
  void sendApiError(reply, apiError);
}

const CLIENT_ERROR_MESSAGES: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'The address and headers are too large.',
  ERR_HTTP_REQUEST_TIMEOUT: 'The request took too long to arrive.',
};

/**
 * Fastify's `clientErrorHandler` option: requests Node's HTTP parser refuses (headers or URL over
 * its size limit, malformed request lines, timeouts) never reach Fastify. They are answered in the
 * API error format, and with `Connection: close`, since the socket is closed right after: without
 * it a keep-alive client would send its next request into a closing socket.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const body = JSON.stringify({
      error: {
        code: 'bad_request',
        message: CLIENT_ERROR_MESSAGES[error.code ?? ''] ?? 'The request is not valid HTTP.',
      },
    });
    socket.write(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** One error format for every response: `{ error: { code, message, details? } }`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((thrown: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(thrown);
    const dataException = pgDataExceptionIn(thrown);
    if (apiError.status >= 500) {
      request.log.error({ err: thrown }, 'request failed');
    } else if (dataException) {
      request.log.warn(
        { sqlstate: dataException.code, pgMessage: dataException.message },
        'request refused: a value Postgres cannot store got past the request schema',
      );
    } else {
      request.log.info({ code: apiError.code, status: apiError.status }, 'request refused');
    }
    return sendApiError(reply, apiError);
  });
}

export type { ApiError };

import { ErrorCodes, type ErrorCode } from '@outloud/contracts';

/**
 * A domain error crossing a service boundary: the service throws it, the bus carries
 * `{ code, message, details }`, and the caller gets the same error class back.
 */
export class RpcError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RpcError';
  }

  get status(): number {
    return ErrorCodes[this.code];
  }
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ErrorCodes, code);
}

/** Thrown by consumer handlers for work that can never succeed, so retrying is pointless. */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/** Request header: how long the caller waits for a reply, in ms; an older request is not handled. */
export const RPC_TIMEOUT_HEADER = 'Outloud-Timeout-Ms';

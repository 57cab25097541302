import { ErrorCodes, type ErrorCode } from '@outloud/contracts';

export { ErrorCodes, type ErrorCode };

export interface AppErrorOptions {
  details?: unknown;
  cause?: unknown;
  /** Sent as `Retry-After` (seconds) with the response. */
  retryAfterSeconds?: number;
}

/**
 * The one error type the gateway turns into API errors: a stable code from the shared
 * catalogue (`ErrorCodes`, which fixes the HTTP status), a human message and optional details.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get statusCode(): number {
    return ErrorCodes[this.code];
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ErrorCodes, value);
}

/** Shorthands for the errors raised most often. */
export const errors = {
  badRequest: (message: string, details?: unknown) =>
    new AppError('bad_request', message, { details }),
  validation: (details: { field: string; message: string }[]) =>
    new AppError('validation_failed', 'Some fields are missing or invalid.', { details }),
  unauthenticated: (message = 'Sign in to continue.') => new AppError('unauthenticated', message),
  forbidden: (message = 'You are not allowed to do that.') => new AppError('forbidden', message),
  notFound: (message = 'Not found.') => new AppError('not_found', message),
  conflict: (message: string) => new AppError('conflict', message),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError('rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, {
      retryAfterSeconds,
    }),
} as const;

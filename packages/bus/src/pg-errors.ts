import type { BusLogger } from './connection.js';
import { RpcError } from './errors.js';

/**
 * Postgres "data exception" errors (SQLSTATE class 22: 22P02 invalid text representation, 22003
 * numeric value out of range, 22008 datetime field overflow, 22021 bad encoding, 22P05
 * untranslatable character…): the statement was fine, a value in it was not. They mean input got
 * past a schema that should have refused it.
 */
export function isPgDataException(error: unknown): error is { code: string; message: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  // `severity` tells a Postgres error (pg's DatabaseError) from other errors with a `code`.
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && typeof severity === 'string';
}

/** The data exception behind `error` (Kysely and our own errors keep it as `cause`), if any. */
export function pgDataExceptionIn(error: unknown): { code: string; message: string } | undefined {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    if (isPgDataException(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A safety net for handlers: a data exception becomes a `validation_failed` (400) instead of an
 * `internal` error, logged so the schema that let the value through can be tightened. `undefined`
 * for any other error.
 */
export function dataExceptionAsRpcError(
  error: unknown,
  context: { verb: string; logger: BusLogger },
): RpcError | undefined {
  const found = pgDataExceptionIn(error);
  if (!found) return undefined;
  // Postgres's message names the type and may quote the value; no secret is ever stored through
  // a data path that could fail this way (passwords are hashed before they reach Postgres).
  context.logger.warn(
    { verb: context.verb, sqlstate: found.code, pgMessage: found.message },
    'rpc request refused: a value Postgres cannot store got past the request schema',
  );
  return new RpcError(
    'validation_failed',
    'A value in the request is out of range or malformed.',
    undefined,
    { cause: error },
  );
}

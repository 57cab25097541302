import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CONTROL_MESSAGE, findControlCharacter, findNul, NUL_MESSAGE } from '@outloud/contracts';
import { AppError } from './errors.js';
import { fieldName } from './validation-details.js';

/**
 * The field holding U+0000 in `value` (`answers.0.text`; `part` when it is `value` itself), or
 * `undefined` when there is none. For adapters that take input outside HTTP routes (socket.io
 * event payloads): refuse the message when this returns a field.
 */
export function containsNul(value: unknown, part = 'payload'): string | undefined {
  const pointer = findNul(value);
  return pointer === undefined ? undefined : fieldName(pointer === '/' ? '' : pointer, part);
}

function refuse(field: string, message = NUL_MESSAGE): AppError {
  return new AppError('validation_failed', 'Some fields are missing or invalid.', {
    details: [{ field, message }],
  });
}

/** Header values and cookies as they are read (cookies URL-decoded, so `%00` counts too). */
function headerField(request: FastifyRequest): string | undefined {
  for (const [name, value] of Object.entries(request.headers)) {
    if (containsNul(value) !== undefined) return `headers.${name}`;
  }
  const cookies = (request as { cookies?: Record<string, string | undefined> }).cookies ?? {};
  for (const [name, value] of Object.entries(cookies)) {
    if (name.includes('\u0000') || value?.includes('\u0000')) return `cookies.${name}`;
  }
  return undefined;
}

/**
 * Postgres cannot store U+0000, so a string holding it anywhere in a request is a 400
 * `validation_failed` naming the field, for every route at once. Route params, the query string,
 * headers and cookies are checked in `onRequest`, before authentication reads them; the JSON body,
 * parsed later, in `preValidation`, before any handler. Install after the cookie parser and before
 * authentication. JSON bodies also refuse the other C0 control characters but tab, line feed and
 * return: written text holds none, and each would take six bytes on the bus.
 */
export function installRejectNul(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const field =
      containsNul(request.params, 'params') ??
      containsNul(request.query, 'querystring') ??
      headerField(request);
    if (field !== undefined) throw refuse(field);
  });
  app.addHook('preValidation', async (request) => {
    const field = containsNul(request.body, 'body');
    if (field !== undefined) throw refuse(field);
    // Text people write holds no other control characters either (see CONTROL_MESSAGE).
    const control = findControlCharacter(request.body);
    if (control !== undefined)
      throw refuse(fieldName(control === '/' ? '' : control, 'body'), CONTROL_MESSAGE);
  });
}

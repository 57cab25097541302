import { RpcError } from '@outloud/bus';

/** The keyset position of a post in the `new` feed: its creation time and id. */
export interface NewCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: NewCursor): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString(
    'base64url',
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses a cursor from a client, rejecting anything we did not produce. */
export function decodeCursor(cursor: string): NewCursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [at, id] = parsed as unknown[];
      const createdAt = new Date(String(at));
      if (
        typeof at === 'string' &&
        !Number.isNaN(createdAt.getTime()) &&
        typeof id === 'string' &&
        UUID.test(id)
      ) {
        return { createdAt, id };
      }
    }
  } catch {
    // fall through to the error below
  }
  throw new RpcError('validation_failed', 'The cursor is not valid.', [
    { field: 'cursor', message: 'invalid cursor' },
  ]);
}

import { RpcError } from '@outloud/bus';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque keyset cursors: the last row's time and id. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const date = new Date(at);
    if (typeof id !== 'string' || !UUID.test(id) || Number.isNaN(date.getTime()))
      throw new Error('bad cursor');
    return { at: date, id };
  } catch (error) {
    throw new RpcError(
      'validation_failed',
      'The cursor is not valid.',
      [{ field: 'cursor', message: 'is not a cursor from a previous page' }],
      { cause: error },
    );
  }
}

/** Turns `limit + 1` fetched rows into a page and its next cursor. */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  key: (row: R) => { at: Date; id: string },
  map: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  return {
    items: shown.map(map),
    nextCursor: more && last ? encodeCursor(key(last).at, key(last).id) : null,
  };
}

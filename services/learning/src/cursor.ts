import { RpcError } from '@outloud/bus';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque keyset cursors: the last row's time and id. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/**
 * The times a cursor may carry: what `toISOString()` writes for years 1–9999, all of which
 * Postgres stores (`-100000-01-01T00:00:00Z` is a valid JS date but overflows a timestamptz).
 */
const CURSOR_TIME = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Longer strings are not cursors we made; don't bother decoding them. */
const MAX_CURSOR_LENGTH = 200;

function parseCursor(cursor: string): { at: Date; id: string } | undefined {
  if (cursor.length > MAX_CURSOR_LENGTH) return undefined;
  const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) return undefined;
  const year = CURSOR_TIME.exec(at)?.[1];
  if (year === undefined || Number(year) < 1) return undefined;
  const date = new Date(at);
  // The round trip refuses impossible dates that `Date` would roll over (February 30th).
  if (Number.isNaN(date.getTime()) || date.toISOString() !== at) return undefined;
  return { at: date, id };
}

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  let decoded: { at: Date; id: string } | undefined;
  let cause: unknown;
  try {
    decoded = parseCursor(cursor);
  } catch (error) {
    cause = error;
  }
  if (decoded) return decoded;
  throw new RpcError(
    'validation_failed',
    'The cursor is not valid.',
    [{ field: 'cursor', message: 'is not a cursor from a previous page' }],
    cause === undefined ? undefined : { cause },
  );
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

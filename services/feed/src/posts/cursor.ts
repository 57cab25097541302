import { RpcError } from '@outloud/bus';
import type { FeedSort } from '@outloud/contracts';

/**
 * Keyset positions, one shape per sort: the sort key of the last item seen and its id. A cursor
 * is only valid for the sort that produced it. `key: null` means "from the top" (used after a
 * first page made only of pinned announcements).
 */
export type Cursor =
  | { sort: 'new' | 'unanswered' | 'bookmarks'; key: Date | null; id: string | null }
  | { sort: 'top'; key: number | null; id: string | null }
  | { sort: 'members'; key: Date | null; id: string | null };

export type CursorSort = Cursor['sort'];

export function encodeCursor(cursor: Cursor): string {
  const key = cursor.key instanceof Date ? cursor.key.toISOString() : cursor.key;
  return Buffer.from(JSON.stringify([cursor.sort, key, cursor.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(): RpcError {
  return new RpcError('validation_failed', 'The cursor is not valid for this list.', [
    { field: 'cursor', message: 'invalid cursor' },
  ]);
}

/** Parses a cursor from a client for the given sort, rejecting anything we did not produce. */
export function decodeCursor(cursor: string, sort: FeedSort | 'bookmarks' | 'members'): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sort) throw invalid();
  const [, key, id] = parsed as [unknown, unknown, unknown];
  if (key === null && id === null) return { sort, key: null, id: null };
  if (typeof id !== 'string' || !UUID.test(id)) throw invalid();
  if (sort === 'top') {
    if (typeof key !== 'number' || !Number.isFinite(key)) throw invalid();
    return { sort, key, id };
  }
  const at = typeof key === 'string' ? new Date(key) : undefined;
  if (!at || Number.isNaN(at.getTime())) throw invalid();
  return { sort, key: at, id };
}

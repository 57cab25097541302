import { RpcError } from '@outloud/bus';
import type { FeedSort } from '@outloud/contracts';

/**
 * Keyset positions, one shape per sort: the sort key of the last item seen and its id. A cursor
 * is only valid for the sort that produced it. `key: null` means "from the top" (used after a
 * first page made only of pinned announcements).
 */
export type Cursor =
  | {
      sort: 'new' | 'unanswered' | 'bookmarks' | 'revisions' | 'flags-open' | 'flags-resolved';
      key: Date | null;
      id: string | null;
    }
  | { sort: 'top'; key: number | null; id: string | null }
  | { sort: 'members'; key: Date | null; id: string | null };

export type CursorSort = Cursor['sort'];

/** The position of the last answer of a thread page (accepted first, most helpful, oldest). */
export interface AnswersCursor {
  accepted: boolean;
  score: number;
  createdAt: Date;
  id: string;
}

/** Timestamps a cursor may carry: what Postgres stores and what Outloud can have written. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** Ranks are small doubles (log of a score plus days of age); anything beyond is forged. */
const RANK_LIMIT = 1e12;
/** Scores are Postgres `integer`s. */
const INT4_MAX = 2_147_483_647;
const INT4_MIN = -2_147_483_648;

export function encodeCursor(cursor: Cursor): string {
  const key = cursor.key instanceof Date ? cursor.key.toISOString() : cursor.key;
  return encode([cursor.sort, key, cursor.id]);
}

export function encodeAnswersCursor(cursor: AnswersCursor): string {
  return encode([
    'answers',
    cursor.accepted,
    cursor.score,
    cursor.createdAt.toISOString(),
    cursor.id,
  ]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encode(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function invalid(): RpcError {
  return new RpcError('validation_failed', 'The cursor is not valid for this list.', [
    { field: 'cursor', message: 'invalid cursor' },
  ]);
}

function parse(cursor: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed)) throw invalid();
  return parsed as unknown[];
}

/** An ISO timestamp within what Postgres `timestamptz` and Outloud can hold, or a 400. */
function timestamp(value: unknown): Date {
  if (typeof value !== 'string' || value.length > 40) throw invalid();
  const at = new Date(value);
  const ms = at.getTime();
  if (!Number.isFinite(ms) || ms < EARLIEST || ms > LATEST) throw invalid();
  return at;
}

function uuid(value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw invalid();
  return value;
}

/** Parses a cursor from a client for the given sort, rejecting anything we did not produce. */
export function decodeCursor(
  cursor: string,
  sort: FeedSort | 'bookmarks' | 'members' | 'revisions' | 'flags-open' | 'flags-resolved',
): Cursor {
  const parsed = parse(cursor);
  if (parsed.length !== 3 || parsed[0] !== sort) throw invalid();
  const [, key, id] = parsed;
  if (key === null && id === null) return { sort, key: null, id: null };
  if (sort === 'top') {
    if (typeof key !== 'number' || !Number.isFinite(key) || Math.abs(key) > RANK_LIMIT)
      throw invalid();
    return { sort, key, id: uuid(id) };
  }
  return { sort, key: timestamp(key), id: uuid(id) };
}

/** Parses a thread's answers cursor, rejecting anything we did not produce. */
export function decodeAnswersCursor(cursor: string): AnswersCursor {
  const parsed = parse(cursor);
  if (parsed.length !== 5 || parsed[0] !== 'answers') throw invalid();
  const [, accepted, score, createdAt, id] = parsed;
  if (typeof accepted !== 'boolean') throw invalid();
  if (!Number.isSafeInteger(score) || (score as number) > INT4_MAX || (score as number) < INT4_MIN)
    throw invalid();
  return { accepted, score: score as number, createdAt: timestamp(createdAt), id: uuid(id) };
}

import { RpcError } from '@outloud/bus';
import type { DirectorySort } from '@outloud/contracts';

/** Where the last page of a directory listing ended: its sort key and the channel id. */
export type DirectoryCursor =
  /** `key` is Postgres's own text of the timestamp, microseconds included. */
  | { sort: 'activity'; key: string; id: string }
  | { sort: 'members'; key: number; id: string }
  | { sort: 'name'; key: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Names are at most 80 characters; a longer key was not made here. */
const NAME_KEY_MAX = 200;
/** Postgres's text of a timestamptz: `2026-12-07 10:00:00.123456+00`. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;
const MEMBERS_MAX = 2_147_483_647;

export function encodeDirectoryCursor(cursor: DirectoryCursor): string {
  return Buffer.from(JSON.stringify(['directory', cursor.sort, cursor.key, cursor.id])).toString(
    'base64url',
  );
}

function invalid(): RpcError {
  return new RpcError('validation_failed', 'The cursor is not valid for this list.', [
    { field: 'cursor', message: 'invalid cursor' },
  ]);
}

/** Parses a cursor for `sort`, refusing anything this module did not produce for that sort. */
export function decodeDirectoryCursor(cursor: string, sort: DirectorySort): DirectoryCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalid();
  const [tag, cursorSort, key, id] = parsed as unknown[];
  if (tag !== 'directory' || cursorSort !== sort) throw invalid();
  if (typeof id !== 'string' || !UUID.test(id)) throw invalid();
  switch (sort) {
    case 'activity': {
      if (typeof key !== 'string' || !TIMESTAMP.test(key)) throw invalid();
      return { sort, key, id };
    }
    case 'members':
      if (!Number.isSafeInteger(key) || (key as number) < 0 || (key as number) > MEMBERS_MAX)
        throw invalid();
      return { sort, key: key as number, id };
    case 'name':
      if (typeof key !== 'string' || key.length > NAME_KEY_MAX) throw invalid();
      return { sort, key, id };
    default: {
      const unknown: never = sort;
      return unknown;
    }
  }
}

/**
 * A case-insensitive "contains" pattern for ILIKE: `%`, `_` and `\` in the text match literally.
 * Blank text means no filter.
 */
export function containsPattern(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

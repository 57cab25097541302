import { AppError } from './errors.js';

/** A position in a list sorted by (time desc, id desc): the last row of the previous page. */
export interface KeysetPosition {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An opaque cursor for `position` (base64url of `<iso time>|<id>`). */
export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names; 400 `validation_failed` (field `cursor`) for anything else. */
export function decodeKeysetCursor(cursor: string): KeysetPosition {
  const invalid = () =>
    new AppError('validation_failed', 'Some fields are missing or invalid.', {
      details: [{ field: 'cursor', message: 'is not a cursor from this list' }],
    });
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [iso, id, ...rest] = text.split('|');
  if (rest.length > 0 || !iso || !id || !UUID.test(id)) throw invalid();
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== iso) throw invalid();
  return { at, id };
}

/** The page of `limit` rows from `rows` (fetched with `limit + 1`) and the cursor after it. */
export function keysetPage<T>(
  rows: T[],
  limit: number,
  positionOf: (row: T) => KeysetPosition,
): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodeKeysetCursor(positionOf(last)) : null,
  };
}

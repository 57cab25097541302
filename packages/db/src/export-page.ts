import { sql, type RawBuilder } from 'kysely';

/** Key values of a row, as an export cursor carries them. */
export type ExportKey = readonly (string | number)[];

/** An export cursor: the last row's key values, as JSON in base64url (opaque to callers). */
export function encodeExportKey(key: ExportKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key values a cursor carries, or null when it is not one of `width` strings and numbers. */
export function decodeExportKey(after: string, width: number): ExportKey | null {
  try {
    const key: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (!Array.isArray(key) || key.length !== width) return null;
    return key.every((v) => typeof v === 'string' || typeof v === 'number') ? key : null;
  } catch {
    return null;
  }
}

/**
 * `(a, b) > ($1, $2)`: rows after a key in the order of `columns`, which an index on those
 * columns answers without reading the rows before (keyset paging).
 */
export function rowsAfter(columns: readonly string[], key: ExportKey): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(columns.map((c) => sql.ref(c)))}) > (${sql.join(key.map((v) => sql.val(v)))})`;
}

/** Replies cross NATS (1 MB a message): an export page stops before its JSON passes this. */
export const EXPORT_PAGE_BYTES = 600_000;

/**
 * One page from rows read with `limit + 1`: as many as fit the byte budget (at least one), and
 * the cursor of the next page (null after the last).
 */
export function exportPage<R>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => ExportKey,
  budget = EXPORT_PAGE_BYTES,
): { items: R[]; nextAfter: string | null } {
  const items: R[] = [];
  let bytes = 0;
  for (const row of rows.slice(0, limit)) {
    bytes += Buffer.byteLength(JSON.stringify(row), 'utf8') + 1;
    if (items.length > 0 && bytes > budget) break;
    items.push(row);
  }
  const more = items.length < rows.length;
  return { items, nextAfter: more && items.length ? encodeExportKey(keyOf(items.at(-1)!)) : null };
}

/** What an export page asks for: after which row, how many, and only rows about one person. */
export interface ExportQuery {
  after?: string;
  limit: number;
  /** Only rows about this person. */
  userId?: string;
}

/** Thrown for a cursor that is not one this service made. */
export class BadExportCursor extends Error {}

/** The key a query's cursor carries (undefined for the first page); throws `BadExportCursor`. */
export function exportKeyAfter(query: ExportQuery, width: number): ExportKey | undefined {
  if (query.after === undefined) return undefined;
  const key = decodeExportKey(query.after, width);
  if (!key) throw new BadExportCursor('not an export cursor');
  return key;
}

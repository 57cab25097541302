import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { ROLES, type Role } from '@outloud/contracts';

/** One person to invite, as a row of the people CSV (`email,name,roles,channels`). */
export interface PersonRow {
  line: number;
  email: string;
  name: string;
  roles: Role[];
  /** Channel slugs. */
  channels: string[];
}

const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;
/** Lists inside a cell: `ld;manager`, `ld|manager` or `ld manager`. */
const split = (cell: string | undefined) =>
  (cell ?? '')
    .split(/[;|\s]+/)
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);

/** A CSV row as a person to invite, or what is wrong with it. */
export function readPersonRow(
  record: Record<string, string | undefined>,
  line: number,
): PersonRow | { line: number; message: string } {
  const email = (record.email ?? '').trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) {
    return { line, message: `not an email address: ${email.slice(0, 100) || '(empty)'}` };
  }
  const roles = split(record.roles);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) {
    return { line, message: `unknown role ${unknown.join(', ')} (one of ${ROLES.join(', ')})` };
  }
  return {
    line,
    email,
    name: (record.name ?? '').trim(),
    roles: roles as Role[],
    channels: split(record.channels),
  };
}

/**
 * The people CSV's rows, streamed. The header names the columns (`email` is required; `name`,
 * `roles` and `channels` are optional); a file that is not CSV rejects with the parser's message.
 */
export async function* peopleRows(
  path: string,
): AsyncGenerator<PersonRow | { line: number; message: string }> {
  const parser = createReadStream(path).pipe(
    parse({
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }),
  );
  let checkedHeader = false;
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string | undefined>;
    info: { lines: number };
  }>) {
    if (!checkedHeader) {
      checkedHeader = true;
      if (!('email' in record)) throw new Error('the header must name an `email` column');
    }
    yield readPersonRow(record, info.lines);
  }
}

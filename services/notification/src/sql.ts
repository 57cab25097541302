import { sql, type RawBuilder } from 'kysely';

/**
 * `column = any($1::uuid[])`: one parameter however many ids (an announcement reaches thousands
 * of people; `in (…)` would send one parameter each).
 */
export function isAnyOf(column: string, ids: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} = any(${[...ids]}::uuid[])`;
}

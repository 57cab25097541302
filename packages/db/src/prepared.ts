import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Distinct statements one connection keeps prepared. Queries whose text varies (an `in (...)` list
 * of any length) would otherwise grow each backend's memory without bound; past the cap they run
 * unnamed, parsed and planned each time, as before.
 */
export const MAX_PREPARED_PER_CONNECTION = 500;

// Only plannable statements are named: `begin`, DDL and the like gain nothing from it.
const PLANNABLE = /^\s*\(?\s*(select|insert|update|delete|with|values)\b/i;

/** Names computed lately: a hot query's text is hashed once, not on every call. */
const recentNames = new Map<string, string>();
const MAX_RECENT_NAMES = 2_000;

/** A stable statement name for a query text (Postgres allows 63 bytes). */
export function statementName(text: string): string {
  let name = recentNames.get(text);
  if (name === undefined) {
    name = `q_${createHash('sha1').update(text).digest('base64url')}`;
    if (recentNames.size >= MAX_RECENT_NAMES) recentNames.clear();
    recentNames.set(text, name);
  }
  return name;
}

/**
 * Whether a query may run as a named statement. Without parameters pg uses the simple protocol,
 * which allows several statements in one text; a named statement must hold exactly one, so
 * parameterless texts are named only when they contain no `;` at all.
 */
export function mayPrepare(text: string, values: readonly unknown[] | undefined): boolean {
  if (!PLANNABLE.test(text)) return false;
  return (values !== undefined && values.length > 0) || !text.includes(';');
}

type AnyQuery = (this: pg.Client, ...args: unknown[]) => unknown;
// Read off the prototype once; it is always called with a client as `this`.
const baseQuery = Reflect.get(pg.Client.prototype, 'query') as AnyQuery;

/**
 * A pg client that runs each plannable `query(text, values)` as a named statement, so Postgres
 * parses and plans it once per connection and later only binds and executes. Query objects,
 * cursors and config objects pass through untouched.
 */
export class PreparingClient extends pg.Client {
  /** Names this connection has prepared (or is preparing). */
  readonly preparedNames = new Set<string>();
  /** How often a statement had to be prepared anew because its tables changed shape. */
  readonly #replanned = new Map<string, number>();

  nameFor(text: string, values: readonly unknown[] | undefined): string | undefined {
    if (!mayPrepare(text, values)) return undefined;
    const base = statementName(text);
    const generation = this.#replanned.get(base);
    const name = generation === undefined ? base : `${base}_${generation}`;
    if (this.preparedNames.has(name)) return name;
    if (this.preparedNames.size >= MAX_PREPARED_PER_CONNECTION) return undefined;
    this.preparedNames.add(name);
    return name;
  }

  /**
   * The statement for `text` no longer fits its tables (a migration added a column under a
   * running instance): its next run prepares it again under a new name. The old one stays
   * allocated until the connection closes; a name cannot be re-parsed while pg believes it known.
   */
  replan(text: string): void {
    const base = statementName(text);
    this.#replanned.set(base, (this.#replanned.get(base) ?? 0) + 1);
  }
}

/**
 * Postgres refuses to run a prepared statement whose result columns changed since it was
 * prepared (`select *` over a table that gained a column), for as long as the statement lives.
 */
function isStalePlan(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === '0A000' && message === 'cached plan must not change result type';
}

// pg's overloads of `query` cannot be restated in a subclass, so the override is assigned.
PreparingClient.prototype.query = function (this: PreparingClient, ...args: unknown[]) {
  const [text, values, ...rest] = args;
  if (typeof text === 'string' && (values === undefined || Array.isArray(values))) {
    const name = this.nameFor(text, values as unknown[] | undefined);
    if (name) {
      const result = baseQuery.call(this, { name, text, values }, ...rest);
      if (!(result instanceof Promise)) return result;
      // This call fails (it may be inside a transaction, which the error ended); the next runs.
      return result.catch((error: unknown) => {
        if (isStalePlan(error)) this.replan(text);
        throw error;
      });
    }
  }
  return baseQuery.apply(this, args);
} as pg.Client['query'];

import type Type from 'typebox';
import { Compile } from 'typebox/compile';

export interface ValidationIssue {
  path: string;
  message: string;
}

export interface Checker<T> {
  check(value: unknown): value is T;
  /** Returns the issues (empty when valid), each naming the offending field path. */
  issues(value: unknown): ValidationIssue[];
}

/** The message for a string holding U+0000, wherever it is found. */
export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Arrays and plain objects: what JSON parses to (and the prototype-less dictionaries routers and
 * query parsers make, whose prototype has none itself). Buffers, streams and class instances are
 * skipped.
 */
function isJsonContainer(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

/** The message for text holding another control character (tab, line feed and return are fine). */
export const CONTROL_MESSAGE =
  'must not contain control characters (U+0001–U+001F other than tab, line feed and return)';

// eslint-disable-next-line no-control-regex -- matching the NUL character is the point
const NUL = /\u0000/;
// C0 controls but tab, line feed and carriage return. In JSON each takes 6 bytes (`\u0001`), so
// text made of them would grow sixfold on the bus; nobody writes them on purpose.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/**
 * The JSON Pointer (`/answers/0/text`; `/` for the value itself) of the first string or object key
 * holding U+0000 in a JSON value (arrays and plain objects are walked), or `undefined` when there
 * is none. Postgres cannot store the character, so every Outloud input refuses it.
 */
export function findNul(value: unknown): string | undefined {
  return findString(value, NUL);
}

/**
 * Like `findNul`, for any C0 control character but tab, line feed and carriage return: what new
 * text written through the API is refused for (stored text and events are checked for NUL only).
 */
export function findControlCharacter(value: unknown): string | undefined {
  return findString(value, CONTROL);
}

/**
 * The pointer of the first string or key matching `bad`. Depth-first, iterative (no stack overflow
 * on deeply nested input); shared objects are visited once.
 */
function findString(value: unknown, bad: RegExp): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (bad.test(current)) return path || '/';
      continue;
    }
    if (!isJsonContainer(current) || seen.has(current)) continue;
    seen.add(current);
    const entries: [string, unknown][] = Array.isArray(current)
      ? (current as unknown[]).map((item, index) => [String(index), item])
      : Object.entries(current as Record<string, unknown>);
    // Reversed so that the first offending field in document order is the one reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      const itemPath = `${path}/${escapePointer(key)}`;
      if (bad.test(key)) return itemPath;
      stack.push({ value: item, path: itemPath });
    }
  }
  return undefined;
}

const cache = new WeakMap<object, Checker<unknown>>();

/**
 * A compiled validator for a schema, compiled once and cached per schema object. Besides the
 * schema, every string (and object key) must be free of U+0000: one rule for every RPC request,
 * event and reply, so no schema needs its own pattern for it.
 */
export function checker<S extends Type.TSchema>(schema: S): Checker<Type.Static<S>> {
  let found = cache.get(schema);
  if (!found) {
    const compiled = Compile(schema);
    found = {
      check: (value: unknown): value is unknown =>
        compiled.Check(value) && findNul(value) === undefined,
      issues: (value: unknown) => {
        const issues = compiled
          .Errors(value)
          .map((e) => ({ path: e.instancePath || '/', message: e.message }));
        const nul = findNul(value);
        if (nul !== undefined) issues.push({ path: nul, message: NUL_MESSAGE });
        return issues;
      },
    };
    cache.set(schema, found);
  }
  return found as Checker<Type.Static<S>>;
}

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

const cache = new WeakMap<object, Checker<unknown>>();

/** A compiled validator for a schema, compiled once and cached per schema object. */
export function checker<S extends Type.TSchema>(schema: S): Checker<Type.Static<S>> {
  let found = cache.get(schema);
  if (!found) {
    const compiled = Compile(schema);
    found = {
      check: (value: unknown): value is unknown => compiled.Check(value),
      issues: (value: unknown) =>
        compiled.Errors(value).map((e) => ({ path: e.instancePath || '/', message: e.message })),
    };
    cache.set(schema, found);
  }
  return found as Checker<Type.Static<S>>;
}

import type en from './en/index';

/** The shape every locale's catalog has: English is the reference. */
export type Catalog = typeof en;

/** Dotted paths to every message of a catalog, e.g. `'home.latest'`. */
type Leaves<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${Leaves<T[K]>}`;
}[keyof T & string];

/** A message the app can show; a typo here is a type error. */
export type MessageKey = Leaves<Catalog>;

/** Values for a message's ICU placeholders (`{name}`, `{count, plural, …}`). */
export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

import { CompiledQuery, type Kysely } from 'kysely';

/** Stands in for one value while a template is built; the value itself is read at each call. */
class StandIn {
  constructor(readonly name: string) {}
}

/** Shapes kept per template; a hot list has a handful, so this only bounds a mistake. */
const MAX_SHAPES = 256;

interface Template {
  sql: string;
  /** For each parameter: the value's name, or undefined for a constant the build wrote itself. */
  names: (string | undefined)[];
  constants: readonly unknown[];
}

/**
 * A query built and compiled once per shape, then run with each call's values. Building a Kysely
 * query (operation nodes created and frozen, the camel-case plugin's rewrite, the compiler) costs
 * more CPU than Postgres spends running a feed page; a template pays for it once per shape.
 *
 * `build` receives stand-ins for the values, which Kysely carries into the parameters untouched,
 * so `build` must only hand them to Kysely as values: never branch on them, compute with them,
 * spread them or write them into the text (`sql.lit`). Whatever changes the SQL's text belongs
 * in `shape`, which keys the templates (compared as JSON).
 */
export function queryTemplate<DB, Shape, Values extends object, Row>(
  build: (db: Kysely<DB>, shape: Shape, values: Values) => CompiledQuery<Row>,
): (db: Kysely<DB>, shape: Shape, values: Partial<Values>) => Promise<Row[]> {
  const templates = new Map<string, Template>();
  const standIns = new Proxy({} as Values, {
    get: (_target, name) => new StandIn(String(name)),
  });

  const templateFor = (db: Kysely<DB>, shape: Shape): Template => {
    const key = JSON.stringify(shape);
    const known = templates.get(key);
    if (known) return known;
    const compiled = build(db, shape, standIns);
    const template = {
      sql: compiled.sql,
      names: compiled.parameters.map((p) => (p instanceof StandIn ? p.name : undefined)),
      constants: compiled.parameters,
    };
    if (templates.size >= MAX_SHAPES) templates.clear();
    templates.set(key, template);
    return template;
  };

  return async (db, shape, values) => {
    const template = templateFor(db, shape);
    const given = values as Record<string, unknown>;
    const parameters = template.names.map((name, i) => {
      if (name === undefined) return template.constants[i];
      const value = given[name];
      // A shape that uses a value the caller did not give would otherwise bind null silently.
      if (value === undefined) throw new Error(`query template: no value for "${name}"`);
      return value;
    });
    const result = await db.executeQuery<Row>(CompiledQuery.raw(template.sql, parameters));
    return result.rows;
  };
}

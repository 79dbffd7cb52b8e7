import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import { nameStatement } from './pg-named-statements.js';

/** What a parameter of a compiled query is made of: an argument of the call, or a constant of the query. */
type Slot<Args> = { arg: keyof Args & string } | { constant: unknown };

interface Compiled<Args, Row> {
  query: CompiledQuery<Row>;
  slots: Slot<Args>[];
}

/** A query built and compiled once per dialect; each call only fills in its parameters. */
export interface PreparedQuery<DB, Args, Row> {
  execute(db: Kysely<DB>, args: Args): Promise<QueryResult<Row>>;
}

/** Marks where an argument's value lands among the compiled parameters (never a real value: it starts with NUL). */
const MARK = '\u0000rms-arg:';

/**
 * Builds the query with a marker for each argument, compiles it, and remembers which compiled
 * parameter is which argument. An argument the builder used in arithmetic or string building
 * instead of passing it to the query comes out garbled or missing, and is refused here.
 */
function compileOnce<DB, Args, Row>(db: Kysely<DB>, build: (db: Kysely<DB>, args: Args) => Compilable<Row>): Compiled<Args, Row> {
  const read = new Set<string>();
  const marked = new Proxy(
    {},
    {
      get: (_target, key) => {
        read.add(String(key));
        return `${MARK}${String(key)}`;
      },
    },
  ) as Args;
  const query = build(db, marked).compile();
  const refuse = (what: string) => new Error(`A prepared query ${what}: ${query.sql}`);
  const slots = query.parameters.map((value): Slot<Args> => {
    if (typeof value !== 'string' || !value.includes(MARK)) return { constant: value };
    const key = value.slice(MARK.length);
    if (!value.startsWith(MARK) || !read.has(key)) throw refuse('used an argument in an expression');
    return { arg: key as keyof Args & string };
  });
  if (query.sql.includes(MARK)) throw refuse('inlined an argument into its SQL');
  // An argument read but never passed on went into arithmetic (a number comes out NaN, not marked).
  const passed = new Set(slots.flatMap((slot) => ('arg' in slot ? [slot.arg as string] : [])));
  if ([...read].some((key) => !passed.has(key))) throw refuse('used an argument in an expression');
  nameStatement(query.sql);
  return { query, slots };
}

/**
 * A hot query (sign-in, verify, refresh) compiled once instead of on every request: Kysely's
 * building and compiling of the query tree was a fifth of the main thread's time on those paths.
 * `build` must pass every argument straight to the query as a value (never compute with it, never
 * `sql.lit` it) and must build the same SQL whatever the arguments (a different shape is another
 * prepared query). Runs through the executor given (the database or a transaction), so the query
 * log, the connection and the transaction are Kysely's as for any other query. On PostgreSQL the
 * text is also a named statement (`nameStatement`), parsed once per connection.
 */
export function preparedQuery<DB, Args extends object, Row>(
  build: (db: Kysely<DB>, args: Args) => Compilable<Row>,
): PreparedQuery<DB, Args, Row> {
  // One compiled form per dialect (the SQLite and PostgreSQL texts differ); keyed by the adapter, which a database and its transactions share.
  const byAdapter = new WeakMap<object, Compiled<Args, Row>>();
  return {
    execute(db, args) {
      const adapter = db.getExecutor().adapter;
      let compiled = byAdapter.get(adapter);
      if (!compiled) {
        try {
          compiled = compileOnce(db, build);
        } catch (error) {
          return Promise.reject(error as Error);
        }
        byAdapter.set(adapter, compiled);
      }
      const parameters = compiled.slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.constant));
      return db.executeQuery<Row>({ ...compiled.query, parameters });
    },
  };
}

import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** SQL texts sent as named (server-side prepared) statements, and their names. */
const names = new Map<string, string>();

/**
 * Makes `sql` a named statement on PostgreSQL: each connection parses and plans it once, and
 * later runs send only its parameters. For the hot queries of `preparedQuery` (a fixed, small
 * set of texts): unnamed, PostgreSQL parsed and planned every sign-in statement again, on the
 * same cores as the server.
 */
export function nameStatement(sql: string): void {
  if (!names.has(sql)) names.set(sql, `rms_${names.size + 1}`);
}

/** The pool as Kysely's PostgreSQL dialect sees it, with the named statements sent by name. */
export function withNamedStatements(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((sqlOrCursor: unknown, parameters?: unknown[]): unknown => {
      if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as pg.Submittable);
      const name = names.get(sqlOrCursor);
      return name ? client.query({ name, text: sqlOrCursor, values: parameters }) : client.query(sqlOrCursor, parameters);
    }) as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  });
  return {
    async connect() {
      const client = await pool.connect();
      let known = wrapped.get(client);
      if (!known) {
        known = wrap(client);
        wrapped.set(client, known);
      }
      return known;
    },
    end: () => pool.end(),
  };
}

import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import type { LogEvent } from 'kysely';
import pg from 'pg';
import { makePrivateDir, touchPrivateFile } from '../data-folder.js';
import { withNamedStatements } from './pg-named-statements.js';
import { startCheckpointer } from './sqlite-checkpointer.js';
import { FifoSqliteDialect } from './sqlite-fifo-dialect.js';
import { withStatementCache } from './sqlite-statement-cache.js';

/** Which database engine a handle talks to. */
export type Engine = 'sqlite' | 'postgres';

/** Where a database lives: a PostgreSQL URL, or else a SQLite file (`ServerConfig` has both). */
export interface DatabaseLocation {
  databaseUrl: string | null;
  sqlitePath: string;
}

/** Options of `openDatabase`: `log` sees every query Kysely runs (benches and tests count round trips with it). */
export interface OpenOptions {
  log?: (event: LogEvent) => void;
}

/** An open database with tables `DB`. `close()` ends the pool / closes the file. */
export interface DatabaseHandle<DB> {
  db: Kysely<DB>;
  engine: Engine;
  close(): Promise<void>;
}

// BIGINT (oid 20) columns hold epoch milliseconds and counts: parse them as numbers.
pg.types.setTypeParser(20, (value: string) => Number(value));

/** Opens PostgreSQL when `config.databaseUrl` is set, else the SQLite file (WAL checkpointed by a worker thread, connection handed out first come first served, busy timeout, statements prepared once; folder 0700, files 0600). */
export function openDatabase<DB>(config: DatabaseLocation, options: OpenOptions = {}): DatabaseHandle<DB> {
  const log = options.log ? { log: options.log } : {};
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10, connectionTimeoutMillis: 20_000 });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    // A checked-out client whose server goes away (restart: 57P01, "Connection terminated") emits
    // 'error' too; without a listener that is an uncaught exception that kills the process.
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }), ...log });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  makePrivateDir(dirname(config.sqlitePath));
  if (config.sqlitePath !== ':memory:') touchPrivateFile(config.sqlitePath);
  const sqlite = new SQLite(config.sqlitePath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const checkpointer = config.sqlitePath === ':memory:' ? null : startCheckpointer(config.sqlitePath, (pages) => sqlite.pragma(`wal_autocheckpoint = ${pages}`));
  const db = new Kysely<DB>({ dialect: new FifoSqliteDialect({ database: withStatementCache(sqlite) }), ...log });
  return {
    db,
    engine: 'sqlite',
    async close() {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

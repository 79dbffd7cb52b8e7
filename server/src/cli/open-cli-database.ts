import type { Kysely } from 'kysely';
import { loadConfig } from '../config.js';
import type { ServerConfig } from '../config.js';
import { migrateServerDatabase, openServerDatabase } from '../database.js';
import type { Database } from '../database.js';
import type { Engine } from '../db/open-database.js';

/** Resolves the configuration of a command: `--data` wins over RMS_DATA_DIR; DATABASE_URL selects PostgreSQL. */
export function cliConfig(data: string | undefined, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return loadConfig(process.env, { ...(data !== undefined ? { dataDir: data } : {}), ...overrides });
}

/** Where the database lives, for messages (no credentials). */
export function describeDatabase(config: ServerConfig): string {
  if (!config.databaseUrl) return `SQLite ${config.sqlitePath}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

/** Opens and migrates the database of `config`, runs `work`, and always closes it. */
export async function withDatabase<T>(config: ServerConfig, work: (db: Kysely<Database>, engine: Engine) => Promise<T>): Promise<T> {
  const handle = openServerDatabase(config);
  try {
    await migrateServerDatabase(handle.db);
    return await work(handle.db, handle.engine);
  } finally {
    await handle.close();
  }
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database engine the server runs on. */
export type TestEngine = 'sqlite' | 'postgres';

/** Engine the server suites run on (the vitest projects set TEST_DATABASE). */
export const testEngine: TestEngine = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/** The cluster throwaway databases are made on: TEST_POSTGRES_URL, or the local trust-auth PostgreSQL. */
export const DEFAULT_POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh PostgreSQL database; `drop()` removes it (ending any session still connected). */
export interface TemporaryDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Options of `createPostgresDatabase`. */
export interface TemporaryDatabaseOptions {
  /** A database URL on the cluster to create it on (default DEFAULT_POSTGRES_ADMIN_URL). */
  adminUrl?: string;
  /** Name prefix, so a leftover says who made it (default `rms_test`). */
  prefix?: string;
}

async function run(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates `<prefix>_<time>_<random>` next to the database `adminUrl` names and returns its URL. */
export async function createPostgresDatabase(options: TemporaryDatabaseOptions = {}): Promise<TemporaryDatabase> {
  const adminUrl = options.adminUrl ?? DEFAULT_POSTGRES_ADMIN_URL;
  const prefix = options.prefix ?? 'rms_test';
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`A database name prefix is lower-case letters, digits and _, not "${prefix}".`);
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await run(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => run(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

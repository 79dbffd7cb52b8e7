// The server's database, put together where the subsystems meet: db/ knows only the core tables
// and how to open and migrate a database; the mail subsystem owns its tables and migrations; this
// module registers both, so db/ imports nothing above it.
import type { Kysely, Migration, MigrationResultSet } from 'kysely';
import { adminMigrations } from './db/admin-migrations.js';
import { accountSecurityMigrations } from './db/account-security-migrations.js';
import { coreMigrations } from './db/core-migrations.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open-database.js';
import type { DatabaseHandle, DatabaseLocation, OpenOptions } from './db/open-database.js';
import { rolloutMigrations } from './db/rollout-migrations.js';
import type { RolloutTables } from './db/rollout-tables.js';
import type { CoreTables } from './db/schema.js';
import { mailMigrations } from './mail/migrations.js';
import type { MailTables } from './mail/tables.js';

/** The whole Kysely database of the server: the core tables plus the mail subsystem's. */
export interface Database extends CoreTables, MailTables, RolloutTables {}

/**
 * Every migration of the server: the core's (`0001_...`), accountable administration's
 * (`0020_...`), passwords and devices (`0040_...`), the 2FA rollout (`0060_...`), then the mail subsystem's (`0100_...`).
 */
export const SERVER_MIGRATIONS: Readonly<Record<string, Migration>> = {
  ...coreMigrations,
  ...adminMigrations,
  ...accountSecurityMigrations,
  ...rolloutMigrations,
  ...mailMigrations,
};

/** Opens the server's database: PostgreSQL when `location.databaseUrl` is set, else the SQLite file. */
export function openServerDatabase(location: DatabaseLocation, options: OpenOptions = {}): DatabaseHandle<Database> {
  return openDatabase<Database>(location, options);
}

/** Brings the server's schema (core and mail tables) up to date. */
export function migrateServerDatabase(db: Kysely<Database>): Promise<MigrationResultSet> {
  return migrateToLatest(db, SERVER_MIGRATIONS);
}

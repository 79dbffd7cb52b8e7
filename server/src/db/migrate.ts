import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import { mailMigrations } from '../mail/migrations.js';
import { coreMigrations } from './core-migrations.js';
import type { Database } from './schema.js';

/** Every migration of the server: the core's (`0001_...`) then the mail subsystem's (`0100_...`). */
export function allMigrations(): Record<string, Migration> {
  return { ...coreMigrations, ...mailMigrations };
}

const provider: MigrationProvider = { getMigrations: async () => allMigrations() };

/** Brings the schema up to date. Throws with the failing migration's name when one fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Database migration ${failed} failed: ${reason}`);
  }
  return result;
}

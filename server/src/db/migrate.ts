import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';

/**
 * Brings the schema up to date with `migrations` (applied in key order). Throws with the failing
 * migration's name when one fails. Which migrations make up the server's database is decided by
 * the composition root (`../database.ts`), not here.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, migrations: Readonly<Record<string, Migration>>): Promise<MigrationResultSet> {
  const provider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) };
  // Each subsystem owns a key range (0001 core, 0020 administration, 0040 passwords and devices,
  // 0060 rollout, 0100 mail): a database migrated by an older build may lack a lower key than one it
  // already has, so migrations not yet applied run whatever their position.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Database migration ${failed} failed: ${reason}`);
  }
  return result;
}

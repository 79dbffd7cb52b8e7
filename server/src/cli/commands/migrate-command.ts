import { migrateServerDatabase, openServerDatabase } from '../../database.js';
import { cliConfig, describeDatabase } from '../open-cli-database.js';

/** `migrate`: brings the schema up to date and says which migrations ran. */
export async function migrateCommand(opts: { data?: string }, out: (line: string) => void): Promise<void> {
  const config = cliConfig(opts.data);
  const handle = openServerDatabase(config);
  try {
    const result = await migrateServerDatabase(handle.db);
    const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    out(applied.length ? `Applied ${applied.join(', ')} to ${describeDatabase(config)}.` : `${describeDatabase(config)} is up to date.`);
  } finally {
    await handle.close();
  }
}

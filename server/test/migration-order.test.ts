import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, testEngine } from '@rms/test-kit/test-database';
import type { TemporaryDatabase } from '@rms/test-kit/test-database';
import { migrateToLatest } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open-database.js';
import type { DatabaseHandle } from '../src/db/open-database.js';
import { SERVER_MIGRATIONS } from '../src/database.js';

let handle: DatabaseHandle<unknown> | undefined;
let pgDatabase: TemporaryDatabase | undefined;
let folder: string | undefined;

afterEach(async () => {
  await handle?.close();
  await pgDatabase?.drop();
  if (folder) rmSync(folder, { recursive: true, force: true });
  handle = pgDatabase = folder = undefined;
});

async function openEmpty(): Promise<Kysely<unknown>> {
  if (testEngine === 'postgres') {
    pgDatabase = await createPostgresDatabase({ prefix: 'rms_migrations' });
    handle = openDatabase({ databaseUrl: pgDatabase.url, sqlitePath: '' });
  } else {
    folder = mkdtempSync(join(tmpdir(), 'rms-migrations-'));
    handle = openDatabase({ databaseUrl: null, sqlitePath: join(folder, 'rms.sqlite') });
  }
  return handle.db;
}

describe(`migrations on ${testEngine}`, () => {
  it('a database migrated by an older build takes a newer build whose new migration sorts before ones it already has', async () => {
    const db = await openEmpty();
    const keys = Object.keys(SERVER_MIGRATIONS).sort();
    // An older build: everything but one migration in the middle of the key order (a subsystem's
    // range that gained a migration after later ranges had been applied).
    const middle = keys.find((key) => key.startsWith('0021_'));
    expect(middle, 'the administration range has a second migration').toBeDefined();
    const older = Object.fromEntries(Object.entries(SERVER_MIGRATIONS).filter(([key]) => key !== middle));
    await migrateToLatest(db, older);

    const result = await migrateToLatest(db, SERVER_MIGRATIONS);
    expect(result.results?.map((r) => [r.migrationName, r.status])).toEqual([[middle, 'Success']]);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(applied.rows.map((row) => row.name)).toEqual(keys);
  });
});

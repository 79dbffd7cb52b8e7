import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { test } from 'vitest';
import { startSmtpSink } from '@rms/test-kit/smtp-sink';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import { testConfig } from '@rms/test-kit/test-server';
import type { ServerConfig } from '../../../src/config.js';
import { migrateServerDatabase, openServerDatabase } from '../../../src/database.js';
import type { Database } from '../../../src/database.js';

/** A fresh migrated database (SQLite folder or PostgreSQL per TEST_DATABASE) for mail tests. */
export interface MailWorld {
  db: Kysely<Database>;
  config: ServerConfig;
  /** Adds a company with `unenrolled` users without 2FA and `enrolled` users with it; returns them. */
  seedCompany(input: { unenrolled: number; enrolled?: number; name?: string }): Promise<SeededCompany>;
  close(): Promise<void>;
}

/** What `seedCompany` created. */
export interface SeededCompany {
  id: string;
  name: string;
  admin: { id: string; email: string };
  unenrolled: Array<{ id: string; email: string }>;
  enrolled: Array<{ id: string; email: string }>;
}

/** Opens and migrates a fresh test database. Users get a placeholder hash: they never sign in here. */
export async function openMailWorld(): Promise<MailWorld> {
  const { config, cleanup } = await testConfig();
  const handle = openServerDatabase(config);
  await migrateServerDatabase(handle.db);
  const db = handle.db;
  let counter = 0;
  async function addUser(companyId: string, tag: string, role: 'admin' | 'user', enabledAt: number | null) {
    const id = randomUUID();
    const email = `${tag}${++counter}.${id.slice(0, 6)}@mail.example`;
    await db
      .insertInto('users')
      .values({
        id, company_id: companyId, email, name: `${tag} ${counter}`, role, password_hash: 'not-a-hash',
        two_factor_enabled_at: enabledAt, totp_secret_enc: null, last_totp_step: null, backup_code_hash: null,
        backup_code_created_at: null, failed_code_attempts: 0, code_next_allowed_at: null, locked_until: null,
        pending_kind: null, pending_secret_enc: null, pending_expires_at: null, pending_confirmed_step: null,
        pending_backup_code_hash: null, last_sign_in_at: null, created_at: Date.now(),
      })
      .execute();
    return { id, email };
  }
  return {
    db,
    config,
    async seedCompany(input) {
      const id = randomUUID();
      const name = input.name ?? `Mail Co ${id.slice(0, 8)}`;
      await db.insertInto('companies').values({ id, name, two_factor_at_login: 'required', verify_email_before_enrollment: 0, created_at: Date.now() }).execute();
      const admin = await addUser(id, 'admin', 'admin', Date.now());
      const unenrolled = [];
      for (let i = 0; i < input.unenrolled; i++) unenrolled.push(await addUser(id, 'plain', 'user', null));
      const enrolled = [];
      for (let i = 0; i < (input.enrolled ?? 0); i++) enrolled.push(await addUser(id, 'enrolled', 'user', Date.now()));
      return { id, name, admin, unenrolled, enrolled };
    },
    async close() {
      await handle.close();
      await cleanup();
    },
  };
}

/**
 * `it` with a fresh mail world and a loopback SMTP sink per test (`async ({ world, sink }) => …`),
 * each closed after the test, the sink first: the set-up the outbox suites share.
 */
export const mailTest = test.extend<{ world: MailWorld; sink: SmtpSink }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern; these have none
  world: async ({}, use) => {
    const world = await openMailWorld();
    await use(world);
    await world.close();
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  sink: async ({}, use) => {
    const sink = await startSmtpSink();
    await use(sink);
    await sink.close();
  },
});

import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * Migrations of passwords and signed-in devices: what a session says about its device. Keys sort after the core's (`0001_...`) and accountable
 * administration's (`0020_...`), before the mail subsystem's (`0100_...`).
 */
export const accountSecurityMigrations: Record<string, Migration> = {
  '0040_session_devices': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('sessions').addColumn('client', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('family_created_at', 'bigint').execute();
      await db.schema.alterTable('sessions').addColumn('last_used_at', 'bigint').execute();
      // Sessions from before: the device was first signed in when its family's first row was made.
      await sql`UPDATE sessions SET family_created_at = (SELECT MIN(s2.created_at) FROM sessions s2 WHERE s2.family_id = sessions.family_id)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const column of ['last_used_at', 'family_created_at', 'client']) {
        await db.schema.alterTable('sessions').dropColumn(column).execute();
      }
    },
  },
  '0041_link_tokens': {
    async up(db: Kysely<unknown>) {
      // One-time emailed links (password reset, "this wasn't me"): only the token's hash is kept.
      await db.schema
        .createTable('link_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('about', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema.createIndex('link_tokens_user').on('link_tokens').columns(['user_id', 'purpose']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('link_tokens').execute();
    },
  },
  '0042_users_sign_in_locked': {
    async up(db: Kysely<unknown>) {
      // Set when the person reported "this wasn't me": sign-in refused until an administrator unlocks.
      await db.schema.alterTable('users').addColumn('sign_in_locked_at', 'bigint').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('users').dropColumn('sign_in_locked_at').execute();
    },
  },
  '0043_sessions_user_family_index': {
    async up(db: Kysely<unknown>) {
      // One index instead of two: every query that finds sessions by family also knows the user
      // (a family is one user's), and the user's own queries and the users FK's cascade use its
      // first column. Each index is written on every sign-in and refresh.
      await db.schema.createIndex('sessions_user_family').on('sessions').columns(['user_id', 'family_id']).execute();
      await db.schema.dropIndex('sessions_family').execute();
      await db.schema.dropIndex('sessions_user').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema.createIndex('sessions_family').on('sessions').column('family_id').execute();
      await db.schema.dropIndex('sessions_user_family').execute();
    },
  },
};

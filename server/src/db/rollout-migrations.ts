import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/** Migrations of the "2FA required" rollout (keys `0060_...` to `0079_...`), on SQLite and PostgreSQL. */
export const rolloutMigrations: Record<string, Migration> = {
  '0060_two_factor_rollouts': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('first_sign_in_at', 'bigint').execute();
      // The earliest sign-in known before the column existed.
      await sql`update users set first_sign_in_at = last_sign_in_at`.execute(db);
      await db.schema
        .createTable('two_factor_rollouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
        .addColumn('applies_to', 'text', (c) => c.notNull())
        .addColumn('grace_days', 'integer', (c) => c.notNull())
        .addColumn('new_user_grace_days', 'integer', (c) => c.notNull())
        .addColumn('deadline', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema.createIndex('two_factor_rollouts_company').on('two_factor_rollouts').columns(['company_id', 'ended_at']).execute();
      await db.schema
        .createTable('rollout_waves')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('rollout_id', 'text', (c) => c.notNull().references('two_factor_rollouts.id').onDelete('cascade'))
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('queued_at', 'bigint')
        .addColumn('cancelled_at', 'bigint')
        .addColumn('recipients', 'integer')
        .execute();
      await db.schema.createIndex('rollout_waves_due').on('rollout_waves').columns(['queued_at', 'cancelled_at', 'due_at']).execute();
      await db.schema.createIndex('rollout_waves_unique').unique().on('rollout_waves').columns(['rollout_id', 'kind']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('rollout_waves').execute();
      await db.schema.dropTable('two_factor_rollouts').execute();
      await db.schema.alterTable('users').dropColumn('first_sign_in_at').execute();
    },
  },
};

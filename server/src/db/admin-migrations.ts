import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/**
 * Migrations of accountable administration (step-up, two-admin rule, temporary codes, email
 * check, "this wasn't me", sign-in alerts). Keys sort after the core's and before the mail
 * subsystem's (`0100_...`).
 */
export const adminMigrations: Record<string, Migration> = {
  '0020_code_skew_memory': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('code_skew_memory')
        .addColumn('scope', 'text', (c) => c.primaryKey())
        .addColumn('step', 'bigint', (c) => c.notNull())
        .addColumn('offset_steps', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('burned_totp_steps')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('step', 'bigint', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('burned_totp_steps_pk', ['user_id', 'step'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('burned_totp_steps').execute();
      await db.schema.dropTable('code_skew_memory').execute();
    },
  },
  '0021_challenge_password_checked_at': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('challenges').addColumn('password_checked_at', 'bigint').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('challenges').dropColumn('password_checked_at').execute();
    },
  },
  '0022_reset_requests': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('reset_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
        .addColumn('target_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('requested_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'bigint')
        .execute();
      await db.schema.createIndex('reset_requests_company_status').on('reset_requests').columns(['company_id', 'status']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('reset_requests').execute();
    },
  },
  '0023_temporary_codes': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('temporary_codes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('issued_by', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema.createIndex('temporary_codes_user').on('temporary_codes').column('user_id').execute();
      await db.schema.alterTable('challenges').addColumn('temporary_code_id', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('challenges').dropColumn('temporary_code_id').execute();
      await db.schema.dropTable('temporary_codes').execute();
    },
  },
  '0024_email_check_before_enrollment': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('companies')
        .addColumn('verify_email_before_enrollment', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('challenges').addColumn('email_code_hash', 'text').execute();
      await db.schema.alterTable('challenges').addColumn('email_code_expires_at', 'bigint').execute();
      await db.schema.alterTable('challenges').addColumn('email_code_sent_at', 'bigint').execute();
      await db.schema.alterTable('challenges').addColumn('email_verified_at', 'bigint').execute();
    },
    async down(db: Kysely<unknown>) {
      for (const column of ['email_verified_at', 'email_code_sent_at', 'email_code_expires_at', 'email_code_hash']) {
        await db.schema.alterTable('challenges').dropColumn(column).execute();
      }
      await db.schema.alterTable('companies').dropColumn('verify_email_before_enrollment').execute();
    },
  },
  '0025_sign_in_alerts': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('challenges').addColumn('failed_codes', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('challenges').addColumn('alert_checked_at', 'bigint').execute();
      // Sign-ins that ended before this version are not news: no alert for them.
      await sql`UPDATE challenges SET alert_checked_at = expires_at`.execute(db);
      await db.schema
        .createTable('sign_in_alerts')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('last_sent_at', 'bigint', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('sign_in_alerts').execute();
      await db.schema.alterTable('challenges').dropColumn('alert_checked_at').execute();
      await db.schema.alterTable('challenges').dropColumn('failed_codes').execute();
    },
  },
  '0026_challenges_alert_sweep_index': {
    async up(db: Kysely<unknown>) {
      // The sign-in alert sweep runs every minute: challenges not looked at yet, by expiry.
      await db.schema.createIndex('challenges_alert_sweep').on('challenges').columns(['alert_checked_at', 'expires_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('challenges_alert_sweep').execute();
    },
  },
};

import type { Kysely, Migration } from 'kysely';

/** Migrations of the core tables. Keys sort before the mail subsystem's (`0100_...`). */
export const coreMigrations: Record<string, Migration> = {
  '0001_core': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('companies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('two_factor_at_login', 'text', (c) => c.notNull().defaultTo('optional'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('two_factor_enabled_at', 'bigint')
        .addColumn('totp_secret_enc', 'text')
        .addColumn('last_totp_step', 'bigint')
        .addColumn('backup_code_hash', 'text')
        .addColumn('backup_code_created_at', 'bigint')
        .addColumn('failed_code_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('code_next_allowed_at', 'bigint')
        .addColumn('locked_until', 'bigint')
        .addColumn('pending_kind', 'text')
        .addColumn('pending_secret_enc', 'text')
        .addColumn('pending_expires_at', 'bigint')
        .addColumn('pending_confirmed_step', 'bigint')
        .addColumn('pending_backup_code_hash', 'text')
        .addColumn('last_sign_in_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_company_email').on('users').columns(['company_id', 'email']).execute();
      await db.schema
        .createTable('challenges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('consumed_at', 'bigint')
        .addColumn('client_address', 'text')
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('family_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('access_hash', 'text', (c) => c.notNull().unique())
        .addColumn('access_expires_at', 'bigint', (c) => c.notNull())
        .addColumn('refresh_hash', 'text', (c) => c.notNull().unique())
        .addColumn('refresh_expires_at', 'bigint', (c) => c.notNull())
        .addColumn('rotated_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('client_address', 'text')
        .execute();
      await db.schema.createIndex('sessions_family').on('sessions').column('family_id').execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('login_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_email', 'text')
        .addColumn('subject_id', 'text')
        .addColumn('subject_email', 'text')
        .addColumn('client_address', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_company_at').on('audit_events').columns(['company_id', 'at', 'id']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['audit_events', 'login_attempts', 'sessions', 'challenges', 'users', 'companies']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
};

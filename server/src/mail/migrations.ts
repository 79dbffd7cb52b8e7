import type { Kysely, Migration } from 'kysely';

/**
 * Migrations of the mail subsystem's tables (`campaigns`, `outbox`). Keys start at `0100_` so they
 * sort after the core's (`0001_...`); the core's migrator merges both sets. Timestamps are BIGINT
 * epoch milliseconds on both engines (SQLite stores them as INTEGER).
 */
export const mailMigrations: Record<string, Migration> = {
  '0100_mail_outbox': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('campaigns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('campaigns_company').on('campaigns').column('company_id').execute();
      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('campaign_id', 'text')
        .addColumn('user_id', 'text')
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body_text', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('locked_until', 'bigint')
        .addColumn('locked_by', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .execute();
      await db.schema.createIndex('outbox_idempotency_key').unique().on('outbox').column('idempotency_key').execute();
      await db.schema.createIndex('outbox_status_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('outbox_campaign').on('outbox').column('campaign_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('outbox').execute();
      await db.schema.dropTable('campaigns').execute();
    },
  },
  // A campaign wrote its whole text into each recipient's row (5 s for 100,000 on SQLite): the
  // text shared by a campaign's or wave's rows now lives once in `outbox_messages`. Rows keep
  // `subject` and `body_text` (empty when they reference a message), so adding the column is the
  // only change to a possibly large outbox: no table rebuild on SQLite.
  '0101_outbox_shared_messages': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('outbox_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body_text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('outbox').addColumn('message_id', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('outbox').dropColumn('message_id').execute();
      await db.schema.dropTable('outbox_messages').execute();
    },
  },
};

/**
 * Database tables owned by the mail subsystem (durable outbox and campaigns).
 * All timestamps in the database are integer epoch milliseconds (BIGINT on PostgreSQL, parsed
 * to number; INTEGER on SQLite). IDs are text (crypto.randomUUID()).
 */
export interface CampaignsTable {
  id: string;
  company_id: string;
  /** User id of the administrator who started it. */
  created_by: string;
  created_at: number;
  /** Number of recipients, fixed when the campaign is created. */
  total: number;
}

/** One email to deliver. `idempotency_key` is unique: a notice is queued at most once. */
export interface OutboxTable {
  id: string;
  /** e.g. `campaign:<campaignId>:<userId>`, `security:<eventId>` or `rollout:<waveId>:<userId>`. UNIQUE. */
  idempotency_key: string;
  kind: 'security_notice' | 'campaign_notice' | 'account_link' | 'rollout_reminder' | 'rollout_summary';
  campaign_id: string | null;
  user_id: string | null;
  to_address: string;
  /**
   * The message everyone of a campaign or wave gets, stored once (`outbox_messages`); null for a
   * message of its own (a security notice, a link), which `subject` and `body_text` hold. With it,
   * both are empty strings.
   */
  message_id: string | null;
  subject: string;
  body_text: string;
  /** pending → sending → sent | failed (gave up after the retry budget). */
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: number;
  /** Lease: a worker owns a `sending` row until this time; after it, another worker may retry. */
  locked_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

/**
 * A message sent alike to many (a campaign's or a reminder wave's), stored once and referenced by
 * each recipient's outbox row: a campaign of 100,000 writes one text, not 100,000 copies.
 * Immutable once written.
 */
export interface OutboxMessagesTable {
  id: string;
  subject: string;
  body_text: string;
  created_at: number;
}

/** The mail subsystem's part of the Kysely `Database` interface. */
export interface MailTables {
  campaigns: CampaignsTable;
  outbox: OutboxTable;
  outbox_messages: OutboxMessagesTable;
}

/**
 * Tables of the "2FA required" rollout (SPEC §8). Timestamps are integer epoch milliseconds (UTC
 * instants), ids text UUIDs, like the core's.
 */

/** One plan of a company that requires 2FA; the current one has `ended_at` null. */
export interface TwoFactorRolloutsTable {
  id: string;
  company_id: string;
  applies_to: 'everyone' | 'administrators';
  grace_days: number;
  new_user_grace_days: number;
  /** End of the plan's grace; null = at the next sign-in. */
  deadline: number | null;
  created_at: number;
  created_by: string;
  /** When a later plan or the optional policy replaced it. */
  ended_at: number | null;
}

/** A reminder wave (7 and 1 days before) or the deadline summary to the administrators. */
export interface RolloutWavesTable {
  id: string;
  rollout_id: string;
  company_id: string;
  kind: 'reminder_7d' | 'reminder_1d' | 'summary';
  due_at: number;
  /** Set in the transaction that put the wave's emails into the outbox (a wave is queued once). */
  queued_at: number | null;
  /** Set when the plan ended before the wave was queued. */
  cancelled_at: number | null;
  /** Emails the wave queued. */
  recipients: number | null;
}

/** The rollout's part of the Kysely `Database` interface. */
export interface RolloutTables {
  two_factor_rollouts: TwoFactorRolloutsTable;
  rollout_waves: RolloutWavesTable;
}

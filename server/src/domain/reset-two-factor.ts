import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import type { UsersTable } from '../db/schema.js';

/** Column values that drop a pending enrollment or device change. */
export const NO_PENDING_CHANGE = {
  pending_kind: null,
  pending_secret_enc: null,
  pending_expires_at: null,
  pending_confirmed_step: null,
  pending_backup_code_hash: null,
} as const;

/** Column values that forget failed codes, throttle delays and locks. */
export const NO_CODE_FAILURES = {
  failed_code_attempts: 0,
  code_next_allowed_at: null,
  locked_until: null,
} as const;

/**
 * Column values that make a confirmed pending secret the active one (2FA on since `now`), with the
 * backup code made at its confirmation, and drop the pending change. The caller conditions its
 * UPDATE on the pending secret it checked.
 */
export function pendingSecretActivated(user: UsersTable, now: number) {
  return {
    two_factor_enabled_at: now,
    totp_secret_enc: user.pending_secret_enc,
    last_totp_step: user.pending_confirmed_step,
    backup_code_hash: user.pending_backup_code_hash,
    backup_code_created_at: now,
    ...NO_PENDING_CHANGE,
  };
}

/** Column values that turn 2FA off and forget every secret, pending change, failure and lock. */
export const TWO_FACTOR_CLEARED = {
  two_factor_enabled_at: null,
  totp_secret_enc: null,
  last_totp_step: null,
  backup_code_hash: null,
  backup_code_created_at: null,
  ...NO_PENDING_CHANGE,
  ...NO_CODE_FAILURES,
} as const;

/** Turns the user's 2FA off completely (backup-code reset, admin reset, turning it off). */
export async function clearTwoFactor(db: Executor<Database>, userId: string): Promise<void> {
  await db.updateTable('users').set(TWO_FACTOR_CLEARED).where('id', '=', userId).execute();
}

import { formatBackupCode } from '@rms/shared';
import type { PendingSecret } from '@rms/shared';
import type { UsersTable } from '../db/schema.js';
import { randomBackupCode, sha256 } from '../crypto/tokens.js';
import { ApiError } from './api-error.js';
import { auditPerson, recordEvent } from './audit.js';
import type { CodeScope } from './clock-skew.js';
import { verifyPendingCode } from './code-check.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { NO_CODE_FAILURES, NO_PENDING_CHANGE, pendingSecretActivated } from './reset-two-factor.js';
import { isoAt } from './time.js';
import { newTotpSecret, otpauthUri } from './totp.js';
import { findUser } from './users.js';

/** An enrollment or device change waits 10 minutes for its confirmation. */
export const PENDING_TTL_MS = 10 * 60 * 1000;

/** Starts (or restarts) a pending secret of the given kind. Nothing active changes. */
export async function startPendingSecret(
  ctx: DomainContext,
  user: UsersTable,
  kind: 'enrollment' | 'device_change',
): Promise<PendingSecret & { expiresAtMs: number }> {
  const secret = newTotpSecret();
  const expiresAtMs = ctx.now() + PENDING_TTL_MS;
  await ctx.db
    .updateTable('users')
    .set({
      pending_kind: kind,
      pending_secret_enc: ctx.secrets.seal(secret),
      pending_expires_at: expiresAtMs,
      pending_confirmed_step: null,
      pending_backup_code_hash: null,
    })
    .where('id', '=', user.id)
    .execute();
  return { secret, otpauthUri: otpauthUri(user.email, secret), expiresAt: isoAt(expiresAtMs), expiresAtMs };
}

/** Starts an enrollment: refused when 2FA is already on. */
export async function startEnrollment(ctx: DomainContext, user: UsersTable) {
  if (user.two_factor_enabled_at !== null) throw new ApiError(409, 'two_factor_already_enabled');
  return startPendingSecret(ctx, user, 'enrollment');
}

function livePending(ctx: DomainContext, user: UsersTable, kind: 'enrollment' | 'device_change'): string {
  const missing = kind === 'enrollment' ? 'enrollment_not_started' : 'device_change_not_started';
  if (user.pending_kind !== kind || !user.pending_secret_enc || user.pending_expires_at === null) {
    throw new ApiError(409, missing);
  }
  if (Number(user.pending_expires_at) <= ctx.now()) {
    throw new ApiError(409, kind === 'enrollment' ? 'enrollment_expired' : 'device_change_not_started');
  }
  return ctx.secrets.open(user.pending_secret_enc);
}

/**
 * Confirms the pending enrollment with a code from the new authenticator and returns the backup
 * code (shown once). 2FA is still off until `completeEnrollment`.
 */
export async function confirmEnrollment(
  ctx: DomainContext,
  user: UsersTable,
  code: string,
  origin: RequestOrigin,
  scope: CodeScope,
  /** A temporary access code opened it: the new secret will replace an active one. */
  replacing = false,
): Promise<{ backupCode: string }> {
  if (user.two_factor_enabled_at !== null && !replacing) throw new ApiError(409, 'two_factor_already_enabled');
  const secret = livePending(ctx, user, 'enrollment');
  const step = await verifyPendingCode(ctx, user, secret, code, origin, scope);
  const backupCode = randomBackupCode();
  // Only the secret the code was checked against may become confirmed: a start running meanwhile
  // replaced it with a secret no code came from.
  const result = await ctx.db
    .updateTable('users')
    .set({ pending_confirmed_step: step, pending_backup_code_hash: sha256(backupCode), ...NO_CODE_FAILURES })
    .where('id', '=', user.id)
    .where('pending_kind', '=', 'enrollment')
    .where('pending_secret_enc', '=', user.pending_secret_enc)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new ApiError(409, 'enrollment_not_started');
  return { backupCode: formatBackupCode(backupCode) };
}

/**
 * Turns 2FA on: the confirmed pending secret becomes active with its backup code, in one
 * transaction with the audit event and the email. Returns the updated user.
 */
export async function completeEnrollment(ctx: DomainContext, user: UsersTable, origin: RequestOrigin): Promise<UsersTable> {
  if (user.two_factor_enabled_at !== null) throw new ApiError(409, 'two_factor_already_enabled');
  livePending(ctx, user, 'enrollment');
  if (user.pending_confirmed_step === null || !user.pending_backup_code_hash) throw new ApiError(409, 'enrollment_not_confirmed');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const result = await tx
      .updateTable('users')
      .set(pendingSecretActivated(user, now))
      .where('id', '=', user.id)
      .where('two_factor_enabled_at', 'is', null)
      .where('pending_secret_enc', '=', user.pending_secret_enc)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new ApiError(409, 'enrollment_not_started');
    await recordEvent(tx, ctx.notifications, {
      type: 'two_factor.enabled',
      companyId: user.company_id,
      at: now,
      actor: auditPerson(user),
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      notice: 'two_factor_enabled',
    });
  });
  return (await findUser(ctx.db, user.id)) as UsersTable;
}

/** Confirms a device change with a code from the NEW device: the old secret stops working at once. */
export async function confirmDeviceChange(
  ctx: DomainContext,
  user: UsersTable,
  code: string,
  origin: RequestOrigin,
  scope: CodeScope,
): Promise<UsersTable> {
  if (user.two_factor_enabled_at === null) throw new ApiError(409, 'two_factor_not_enabled');
  const secret = livePending(ctx, user, 'device_change');
  const step = await verifyPendingCode(ctx, user, secret, code, origin, scope);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const result = await tx
      .updateTable('users')
      .set({
        totp_secret_enc: user.pending_secret_enc,
        last_totp_step: step,
        ...NO_PENDING_CHANGE,
        ...NO_CODE_FAILURES,
      })
      .where('id', '=', user.id)
      .where('pending_secret_enc', '=', user.pending_secret_enc)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new ApiError(409, 'device_change_not_started');
    await recordEvent(tx, ctx.notifications, {
      type: 'two_factor.device_changed',
      companyId: user.company_id,
      at: now,
      actor: auditPerson(user),
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      notice: 'device_changed',
    });
  });
  return (await findUser(ctx.db, user.id)) as UsersTable;
}

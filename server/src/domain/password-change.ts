import type { SignedOutResponse } from '@rms/shared';
import { hashPassword, verifyPassword } from '../crypto/passwords.js';
import { ApiError } from './api-error.js';
import { sessionScope } from './clock-skew.js';
import { verifyActiveCode } from './code-check.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { attemptKeys, refundLoginAttempt, reserveLoginAttempt } from './login-throttle.js';
import { assertStrongPassword } from './password-strength.js';
import type { Authenticated } from './sessions.js';
import { endWhatTheOldPasswordOpened } from './password-replaced.js';

/** What changing a password asks for. */
export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  /** A current authenticator code: required when 2FA is on. */
  code?: string | undefined;
}

/**
 * POST /me/password. In this order: the current password (throttled with password sign-in, per
 * account and client address, so a stolen access token is no unthrottled password oracle), the
 * new password's strength, then the code when 2FA is on (code throttle and replay guard). Then
 * the password changes and every other session ends; the session asking stays signed in.
 * Audited and emailed. The attempt is refunded to the throttle only when the change succeeds.
 */
export async function changePassword(
  ctx: DomainContext,
  auth: Authenticated,
  change: PasswordChange,
  origin: RequestOrigin,
): Promise<SignedOutResponse> {
  const { user } = auth;
  const attempt = attemptKeys(user.email, origin.clientAddress);
  await reserveLoginAttempt(ctx, attempt);
  if (!(await verifyPassword(user.password_hash, change.currentPassword))) throw new ApiError(401, 'invalid_current_password');
  if (change.newPassword === change.currentPassword) throw new ApiError(400, 'password_unchanged');
  assertStrongPassword(change.newPassword, user);
  if (user.two_factor_enabled_at !== null) {
    if (!change.code) {
      throw new ApiError(400, 'validation_failed', 'Enter the 6-digit code your authenticator app shows: two-factor authentication is on for this account.', {
        issues: [{ path: 'code', message: 'Required while two-factor authentication is on.' }],
      });
    }
    await verifyActiveCode(ctx, user, change.code, origin, sessionScope(auth.familyId));
  }
  const newHash = await hashPassword(change.newPassword);
  const now = ctx.now();
  const signedOut = await ctx.db.transaction().execute(async (tx) => {
    const changed = await tx
      .updateTable('users')
      .set({ password_hash: newHash })
      .where('id', '=', user.id)
      .where('password_hash', '=', user.password_hash)
      .executeTakeFirst();
    // Another change won meanwhile: the password checked above is no longer the current one.
    if (Number(changed.numUpdatedRows) !== 1) throw new ApiError(401, 'invalid_current_password');
    return endWhatTheOldPasswordOpened(tx, ctx, user, { kind: 'changed', keepFamilyId: auth.familyId }, { now, origin });
  });
  await refundLoginAttempt(ctx.db, attempt);
  return { signedOut };
}

import type { SignedOutResponse } from '@rms/shared';
import { hashPassword, verifyPassword } from '../crypto/passwords.js';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import { ApiError } from './api-error.js';
import { auditPerson, recordEvent } from './audit.js';
import { sessionScope } from './clock-skew.js';
import { verifyActiveCode } from './code-check.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { refundLoginAttempt, reserveLoginAttempt } from './login-throttle.js';
import { spendUserLinks } from './link-tokens.js';
import { assertStrongPassword } from './password-strength.js';
import type { Authenticated } from './sessions.js';
import { revokeUserSessions } from './sessions.js';

/** What changing a password asks for. */
export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  /** A current authenticator code: required when 2FA is on. */
  code?: string | undefined;
}

/** What a new password voids besides sessions: sign-ins waiting at the code step (begun with the old password). */
export async function voidOldPasswordProofs(db: Executor<Database>, userId: string, now: number): Promise<void> {
  await db.updateTable('challenges').set({ consumed_at: now }).where('user_id', '=', userId).where('consumed_at', 'is', null).execute();
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
  await reserveLoginAttempt(ctx, user.email, origin.clientAddress);
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
    const ended = await revokeUserSessions(tx, user.id, now, auth.familyId);
    await voidOldPasswordProofs(tx, user.id, now);
    // A reset link emailed before the change would undo it (someone who read the mailbox meanwhile).
    await spendUserLinks(tx, user.id, 'password_reset', now);
    await recordEvent(tx, ctx.notifications, {
      type: 'account.password_changed',
      companyId: user.company_id,
      at: now,
      actor: auditPerson(user),
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      details: { otherSessionsEnded: ended },
      notice: 'password_changed',
    });
    return ended;
  });
  await refundLoginAttempt(ctx.db, user.email, origin.clientAddress);
  return { signedOut };
}

// Temporary access codes (docs/two-factor.md): instead of removing someone's protection, an
// administrator issues a single-use code (24 h) that lets the person set up a new authenticator at
// their next sign-in. Their old secret and backup code stay valid until that setup completes.
import { formatTemporaryCode, normalizeTemporaryCode, TEMPORARY_CODE_LENGTH } from '@rms/shared';
import type { ChallengeResponse, TemporaryCodeResponse } from '@rms/shared';
import { randomUUID } from 'node:crypto';
import { randomBase32, sha256 } from '../crypto/tokens.js';
import type { UsersTable } from '../db/schema.js';
import { ApiError } from './api-error.js';
import { auditPerson, recordEvent } from './audit.js';
import { consumeChallenge, issueChallenge, passwordCheckedAt, refuseLockedSignIn, requireChallenge } from './challenges.js';
import { noteCodeFailure, reserveCodeAttempt } from './code-throttle.js';
import { companyUser, requireAdmin, requireOtherUser } from './company-service.js';
import type { StepUpAction } from './company-service.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { NO_CODE_FAILURES, pendingSecretActivated } from './reset-two-factor.js';
import { otherAdminsWithTwoFactor } from './reset-requests.js';
import { revokeUserSessions } from './sessions.js';
import { noteWrongSecondStep } from './sign-in-alerts.js';
import { requireStepUpCapable, verifyStepUp } from './step-up.js';
import { isoAt } from './time.js';
import { findUser } from './users.js';

/** A temporary access code works for 24 hours. */
export const TEMPORARY_CODE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * POST /company/users/:id/two-factor/temporary-code (step-up): a new code for a user whose 2FA is
 * on; any earlier unused code of theirs stops working. Only its hash is stored; the user is
 * emailed and the event audited. The code is in this answer only.
 */
export async function issueTemporaryCode(ctx: DomainContext, admin: UsersTable, action: StepUpAction): Promise<TemporaryCodeResponse> {
  requireAdmin(admin);
  requireOtherUser(admin, action.userId);
  requireStepUpCapable(admin);
  const target = await companyUser(ctx, admin, action.userId);
  if (target.two_factor_enabled_at === null) throw new ApiError(409, 'two_factor_not_enabled');
  // With the code and the password, its holder replaces the authenticator: for an administrator that
  // is the reset the two-administrator rule guards, so it is refused where a second one could approve.
  const noSecondAdmin = target.role === 'admin' && (await otherAdminsWithTwoFactor(ctx, admin.company_id, [admin.id, target.id])) === 0;
  if (target.role === 'admin' && !noSecondAdmin) throw new ApiError(403, 'second_administrator_required');
  await verifyStepUp(ctx, admin, action.code, action.origin, action.familyId);
  const code = randomBase32(TEMPORARY_CODE_LENGTH);
  const now = ctx.now();
  const expiresAt = now + TEMPORARY_CODE_TTL_MS;
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('temporary_codes').set({ used_at: now }).where('user_id', '=', target.id).where('used_at', 'is', null).execute();
    await tx
      .insertInto('temporary_codes')
      .values({ id: randomUUID(), user_id: target.id, code_hash: sha256(code), issued_by: admin.id, issued_at: now, expires_at: expiresAt, used_at: null })
      .execute();
    await recordEvent(tx, ctx.notifications, {
      type: 'two_factor.temporary_code_issued',
      companyId: admin.company_id,
      at: now,
      actor: auditPerson(admin),
      subject: auditPerson(target),
      clientAddress: action.origin.clientAddress,
      details: { expiresAt: isoAt(expiresAt), ...(noSecondAdmin ? { secondAdministrator: 'none_with_two_factor' } : {}) },
      notice: 'temporary_code_issued',
      noticeLines: [`The code works once, until ${isoAt(expiresAt)}.`],
    });
  });
  return { temporaryCode: formatTemporaryCode(code), expiresAt: isoAt(expiresAt) };
}

/**
 * POST /auth/recover {challenge, temporaryCode}: "Don't know the code" with a temporary access
 * code. Throttled with the codes; the code is spent (of two requests with it, exactly one wins)
 * and the sign-in continues into enrollment of a new authenticator. Nothing else changes yet.
 */
export async function recoverWithTemporaryCode(
  ctx: DomainContext,
  token: string,
  typed: string,
  origin: RequestOrigin,
): Promise<ChallengeResponse> {
  const challenge = await requireChallenge(ctx.db, token, 'code', ctx.now());
  const user = await findUser(ctx.db, challenge.user_id);
  if (!user) throw new ApiError(401, 'invalid_challenge');
  refuseLockedSignIn(user);
  const failures = await reserveCodeAttempt(ctx, user.id);
  const normalized = normalizeTemporaryCode(typed);
  const now = ctx.now();
  const row = normalized
    ? await ctx.db
        .selectFrom('temporary_codes')
        .selectAll()
        .where('code_hash', '=', sha256(normalized))
        .where('user_id', '=', user.id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst()
    : undefined;
  if (!row) {
    await noteCodeFailure(ctx, user, failures, origin);
    const wrong = new ApiError(401, 'invalid_temporary_code');
    await noteWrongSecondStep(ctx, challenge, user, origin, wrong);
    throw wrong;
  }
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await consumeChallenge(tx, challenge.id, now))) throw new ApiError(401, 'invalid_challenge');
    const spent = await tx.updateTable('temporary_codes').set({ used_at: now }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw new ApiError(401, 'invalid_temporary_code');
    await tx.updateTable('users').set({ failed_code_attempts: 0, code_next_allowed_at: null }).where('id', '=', user.id).execute();
    await recordEvent(tx, ctx.notifications, {
      type: 'two_factor.temporary_code_used',
      companyId: user.company_id,
      at: now,
      actor: auditPerson(user),
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
    });
    const issued = await issueChallenge(tx, {
      userId: user.id,
      purpose: 'enrollment',
      now,
      clientAddress: origin.clientAddress,
      passwordCheckedAt: passwordCheckedAt(challenge),
      temporaryCodeId: row.id,
    });
    return { status: 'enrollment_required' as const, challenge: issued.token, expiresAt: isoAt(issued.expiresAt) };
  });
}

/**
 * Completes the enrollment a temporary access code opened: the confirmed new secret and backup
 * code replace the old ones at once, every other session ends, audited and emailed.
 */
export async function completeReplacement(ctx: DomainContext, user: UsersTable, origin: RequestOrigin): Promise<UsersTable> {
  if (user.pending_kind !== 'enrollment' || !user.pending_secret_enc || Number(user.pending_expires_at ?? 0) <= ctx.now()) {
    throw new ApiError(409, 'enrollment_not_started');
  }
  if (user.pending_confirmed_step === null || !user.pending_backup_code_hash) throw new ApiError(409, 'enrollment_not_confirmed');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const result = await tx
      .updateTable('users')
      .set({ ...pendingSecretActivated(user, now), ...NO_CODE_FAILURES })
      .where('id', '=', user.id)
      .where('pending_kind', '=', 'enrollment')
      .where('pending_secret_enc', '=', user.pending_secret_enc)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new ApiError(409, 'enrollment_not_started');
    await revokeUserSessions(tx, user.id, now);
    await recordEvent(tx, ctx.notifications, {
      type: 'two_factor.replaced_with_temporary_code',
      companyId: user.company_id,
      at: now,
      actor: auditPerson(user),
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      notice: 'two_factor_replaced',
    });
  });
  return (await findUser(ctx.db, user.id)) as UsersTable;
}

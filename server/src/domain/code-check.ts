import { ApiError } from './api-error.js';
import { auditPerson, recordEvent } from './audit.js';
import { answerWrongCode, isBurnedStep } from './clock-skew.js';
import type { CodeScope } from './clock-skew.js';
import { noteCodeFailure, reserveCodeAttempt } from './code-throttle.js';
import type { DomainContext, RequestOrigin } from './context.js';
import type { UsersTable } from '../db/schema.js';
import { checkTotpCode } from './totp.js';

/**
 * Verifies a code from the user's ACTIVE authenticator: throttled, ±1 step, replay-proof.
 * On success the step is recorded atomically (only a later step than the last accepted one wins)
 * and the failure count is reset. A re-used code is audited, emailed and refused. `scope` is the
 * sign-in or session the code came from (for the clock diagnosis of wrong codes).
 */
export async function verifyActiveCode(
  ctx: DomainContext,
  user: UsersTable,
  code: string,
  origin: RequestOrigin,
  scope: CodeScope,
): Promise<number> {
  if (!user.totp_secret_enc || user.two_factor_enabled_at === null) throw new ApiError(409, 'two_factor_not_enabled');
  const failures = await reserveCodeAttempt(ctx, user.id);
  const check = await checkTotpCode(ctx.secrets.open(user.totp_secret_enc), code, ctx.now());
  if (check.kind !== 'valid' || (await isBurnedStep(ctx.db, user.id, check.step))) {
    await noteCodeFailure(ctx, user, failures, origin);
    throw await answerWrongCode(ctx, { userId: user.id, scope, match: check.kind === 'clock_skew' ? check : null, burn: true });
  }
  const step = check.step;
  const result = await ctx.db
    .updateTable('users')
    .set({ last_totp_step: step, failed_code_attempts: 0, code_next_allowed_at: null, locked_until: null })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('last_totp_step', 'is', null), eb('last_totp_step', '<', step)]))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return step;
  await ctx.db.transaction().execute((tx) =>
    recordEvent(tx, ctx.notifications, {
      type: 'two_factor.code_reused',
      companyId: user.company_id,
      at: ctx.now(),
      actor: null,
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      details: { step },
      notice: 'code_reused',
    }),
  );
  await noteCodeFailure(ctx, user, failures, origin);
  throw new ApiError(401, 'code_already_used');
}

/**
 * Verifies a code from a PENDING secret (enrollment or new device): throttled, ±1 step.
 * Returns the matched step; the caller stores it so that code cannot be replayed later.
 */
export async function verifyPendingCode(
  ctx: DomainContext,
  user: UsersTable,
  pendingSecret: string,
  code: string,
  origin: RequestOrigin,
  scope: CodeScope,
): Promise<number> {
  const failures = await reserveCodeAttempt(ctx, user.id);
  const check = await checkTotpCode(pendingSecret, code, ctx.now());
  if (check.kind !== 'valid') {
    await noteCodeFailure(ctx, user, failures, origin);
    // Only the person setting it up has seen a pending secret: nothing to burn.
    throw await answerWrongCode(ctx, { userId: user.id, scope, match: check.kind === 'clock_skew' ? check : null, burn: false });
  }
  return check.step;
}

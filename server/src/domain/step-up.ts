import type { UsersTable } from '../db/schema.js';
import { ApiError } from './api-error.js';
import { sessionScope } from './clock-skew.js';
import { verifyActiveCode } from './code-check.js';
import type { DomainContext, RequestOrigin } from './context.js';

/** An administrator acting on someone else's 2FA needs 2FA of their own (403 `admin_two_factor_required`). */
export function requireStepUpCapable(admin: UsersTable): void {
  if (admin.two_factor_enabled_at === null || !admin.totp_secret_enc) throw new ApiError(403, 'admin_two_factor_required');
}

/**
 * Step-up: the acting administrator's own current code, checked with the rules of every code
 * (±1 step, accepted once, throttled per account, clock diagnosis per session). Call it after the
 * cheap refusals (role, self, unknown target), so a valid code is not spent on a request that
 * would be refused anyway.
 */
export async function verifyStepUp(
  ctx: DomainContext,
  admin: UsersTable,
  code: string,
  origin: RequestOrigin,
  familyId: string,
): Promise<void> {
  requireStepUpCapable(admin);
  await verifyActiveCode(ctx, admin, code, origin, sessionScope(familyId));
}

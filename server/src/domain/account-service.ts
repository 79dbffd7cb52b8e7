import { formatBackupCode } from '@rms/shared';
import type { MeResponse, TwoFactorChangeResponse } from '@rms/shared';
import type { UsersTable } from '../db/schema.js';
import { randomBackupCode, sha256 } from '../crypto/tokens.js';
import { ApiError } from './api-error.js';
import { auditPerson, recordEvent } from './audit.js';
import type { CodeScope } from './clock-skew.js';
import { verifyActiveCode } from './code-check.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { startPendingSecret } from './enrollment.js';
import { clearTwoFactor } from './reset-two-factor.js';
import { companyPolicy, inScope, policyOf, standing } from './rollout-plan.js';
import { iso } from './time.js';
import { toApiUser } from './users.js';

/** GET /me. */
export async function describeMe(ctx: DomainContext, user: UsersTable): Promise<MeResponse> {
  const company = await ctx.db.selectFrom('companies').selectAll().where('id', '=', user.company_id).executeTakeFirstOrThrow();
  const place = standing(await policyOf(ctx.db, company), user, ctx.now());
  return {
    user: toApiUser(user),
    company: { id: company.id, name: company.name, twoFactorAtLogin: company.two_factor_at_login },
    enrollmentRequired: place.state === 'held',
    enrollmentDeadline: place.state === 'due' ? iso(place.deadline) : null,
  };
}

/** The 2FA part of a change response. */
export function twoFactorState(user: UsersTable): TwoFactorChangeResponse {
  return { twoFactor: toApiUser(user).twoFactor };
}

/** POST /me/two-factor/backup-code: a current code buys a new backup code; the old one dies at once. */
export async function regenerateBackupCode(
  ctx: DomainContext,
  user: UsersTable,
  code: string,
  origin: RequestOrigin,
  scope: CodeScope,
): Promise<{ backupCode: string }> {
  if (user.two_factor_enabled_at === null) throw new ApiError(409, 'two_factor_not_enabled');
  await verifyActiveCode(ctx, user, code, origin, scope);
  const backupCode = randomBackupCode();
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ backup_code_hash: sha256(backupCode), backup_code_created_at: now })
      .where('id', '=', user.id)
      .execute();
    await recordEvent(tx, ctx.notifications, {
      type: 'two_factor.backup_code_regenerated',
      companyId: user.company_id,
      at: now,
      actor: auditPerson(user),
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      notice: 'backup_code_regenerated',
    });
  });
  return { backupCode: formatBackupCode(backupCode) };
}

/** POST /me/two-factor/device-change: a current code from the old device starts a pending new secret. */
export async function startDeviceChange(ctx: DomainContext, user: UsersTable, code: string, origin: RequestOrigin, scope: CodeScope) {
  if (user.two_factor_enabled_at === null) throw new ApiError(409, 'two_factor_not_enabled');
  await verifyActiveCode(ctx, user, code, origin, scope);
  const { expiresAtMs: _ignored, ...pending } = await startPendingSecret(ctx, user, 'device_change');
  return pending;
}

/** DELETE /me/two-factor: turns 2FA off with a current code, unless the company requires it. */
export async function disableTwoFactor(
  ctx: DomainContext,
  user: UsersTable,
  code: string,
  origin: RequestOrigin,
  scope: CodeScope,
): Promise<TwoFactorChangeResponse> {
  const policy = await companyPolicy(ctx.db, user.company_id);
  // People an admins-only plan leaves out are untouched by it, as if the policy were optional.
  if (policy.required && inScope(policy.plan, user)) throw new ApiError(409, 'policy_requires_two_factor');
  if (user.two_factor_enabled_at === null) throw new ApiError(409, 'two_factor_not_enabled');
  await verifyActiveCode(ctx, user, code, origin, scope);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    await clearTwoFactor(tx, user.id);
    await recordEvent(tx, ctx.notifications, {
      type: 'two_factor.disabled',
      companyId: user.company_id,
      at: now,
      actor: auditPerson(user),
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      notice: 'two_factor_disabled',
    });
  });
  return { twoFactor: { enabled: false, enabledAt: null, backupCodeCreatedAt: null } };
}

import type { CompanyUser, SignedOutResponse } from '@rms/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { Notifications } from '../mail/notifications.js';
import { auditPerson, recordEvent } from './audit.js';
import type { AuditPerson } from './audit.js';
import type { StepUpAction } from './company-service.js';
import { stepUpOnUser, toCompanyUser } from './company-service.js';
import { companyPolicy } from './rollout-plan.js';
import type { DomainContext } from './context.js';
import { voidOldPasswordProofs } from './password-replaced.js';
import { revokeUserSessions } from './sessions.js';
import type { UsersTable } from '../db/schema.js';

/** Who lifts a lock: an administrator in the console, or the server's operator on its command line. */
export interface Unlocker {
  actor: AuditPerson | null;
  clientAddress: string | null;
  via: 'console' | 'cli';
}

/**
 * Lifts the "this wasn't me" lock and the lock after failed codes of `target`. Audited and the
 * person emailed when there was a lock; answers whether there was one.
 */
export async function unlockAccount(
  db: Kysely<Database>,
  notifications: Notifications<Database>,
  target: UsersTable,
  by: Unlocker,
  now: number,
): Promise<boolean> {
  const reported = target.sign_in_locked_at !== null;
  const throttled = target.locked_until !== null && Number(target.locked_until) > now;
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ sign_in_locked_at: null, locked_until: null, failed_code_attempts: 0, code_next_allowed_at: null })
      .where('id', '=', target.id)
      .execute();
    if (!reported && !throttled) return;
    // The lock ended every session; one written by a sign-in racing it must not come back to life now.
    if (reported) {
      await revokeUserSessions(tx, target.id, now);
      await voidOldPasswordProofs(tx, target.id, now);
    }
    await recordEvent(tx, notifications, {
      type: 'account.unlocked',
      companyId: target.company_id,
      at: now,
      actor: by.actor,
      subject: auditPerson(target),
      clientAddress: by.clientAddress,
      details: { reportedNotMe: reported, afterFailedCodes: throttled, ...(by.via === 'cli' ? { via: 'command line' } : {}) },
      notice: 'account_unlocked',
    });
  });
  return reported || throttled;
}

/** POST /company/users/:id/unlock (step-up): {@link unlockAccount} by an administrator; answers the user's row. */
export async function adminUnlock(ctx: DomainContext, admin: UsersTable, action: StepUpAction): Promise<CompanyUser> {
  const target = await stepUpOnUser(ctx, admin, action);
  const now = ctx.now();
  await unlockAccount(ctx.db, ctx.notifications, target, { actor: auditPerson(admin), clientAddress: action.origin.clientAddress, via: 'console' }, now);
  const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
  return toCompanyUser(row, now, await companyPolicy(ctx.db, admin.company_id));
}

/**
 * POST /company/users/:id/sessions/revoke (step-up): signs the user out on every device at once
 * (their refresh tokens stop working) and ends sign-ins waiting at the code step. Not for the
 * administrator's own account (403 `cannot_target_self`: Account settings has "Sign out
 * everywhere else", which keeps the device asking). Audited and emailed.
 */
export async function adminSignOutEverywhere(ctx: DomainContext, admin: UsersTable, action: StepUpAction): Promise<SignedOutResponse> {
  const target = await stepUpOnUser(ctx, admin, action);
  const now = ctx.now();
  const signedOut = await ctx.db.transaction().execute(async (tx) => {
    const ended = await revokeUserSessions(tx, target.id, now);
    await voidOldPasswordProofs(tx, target.id, now);
    await recordEvent(tx, ctx.notifications, {
      type: 'auth.sessions_revoked_by_admin',
      companyId: admin.company_id,
      at: now,
      actor: auditPerson(admin),
      subject: auditPerson(target),
      clientAddress: action.origin.clientAddress,
      details: { signedOut: ended },
      notice: 'signed_out_by_admin',
    });
    return ended;
  });
  return { signedOut };
}

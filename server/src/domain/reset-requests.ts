// The two-administrator rule (docs/two-factor.md): resetting the 2FA of an administrator needs a second
// administrator with 2FA, unless there is none, in which case it is immediate and the audit says so.
import { randomUUID } from 'node:crypto';
import type { CompanyUser, ResetRequest, ResetRequestList } from '@rms/shared';
import type { UsersTable } from '../db/schema.js';
import { ApiError } from './api-error.js';
import { emailEveryAdmin } from './admin-notices.js';
import { auditPerson, recordEvent } from './audit.js';
import { companyUserNow, requireAdmin, stepUpOnUser, writeAdminReset } from './company-service.js';
import type { StepUpAction } from './company-service.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { requireStepUpCapable, verifyStepUp } from './step-up.js';
import { isoAt } from './time.js';

/** A request waits this long for a second administrator. */
export const RESET_REQUEST_TTL_MS = 24 * 60 * 60 * 1000;

/** What resetting someone's 2FA did: reset at once, or asked a second administrator. */
export type ResetOutcome = { kind: 'reset'; user: CompanyUser } | { kind: 'requested'; request: { id: string; expiresAt: string } };

/** Administrators of the company with 2FA on, other than the given people. */
export async function otherAdminsWithTwoFactor(ctx: DomainContext, companyId: string, except: string[]): Promise<number> {
  const row = await ctx.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('company_id', '=', companyId)
    .where('role', '=', 'admin')
    .where('two_factor_enabled_at', 'is not', null)
    .where('id', 'not in', except)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * POST /company/users/:id/two-factor/reset (step-up). A user who is not an administrator is reset
 * at once. An administrator is reset only when a second administrator approves: a request
 * (24 h) is made and every administrator is emailed; when no other administrator has 2FA, the
 * reset is immediate, the audit event says why, and every administrator is emailed.
 */
export async function resetTwoFactorOrRequest(ctx: DomainContext, admin: UsersTable, action: StepUpAction): Promise<ResetOutcome> {
  const target = await stepUpOnUser(ctx, admin, action);
  const now = ctx.now();
  const { origin } = action;
  if (target.role !== 'admin') {
    await ctx.db.transaction().execute((tx) => writeAdminReset(tx, ctx, { admin, target, origin, now }));
    return { kind: 'reset', user: await companyUserNow(ctx, target.id) };
  }
  const lines = [`Administrator whose two-factor authentication is reset: ${target.email}`, `Requested by: ${admin.email}`];
  if ((await otherAdminsWithTwoFactor(ctx, admin.company_id, [admin.id, target.id])) === 0) {
    await ctx.db.transaction().execute(async (tx) => {
      const eventId = await writeAdminReset(tx, ctx, {
        admin,
        target,
        origin,
        now,
        details: { secondAdministrator: 'none_with_two_factor', immediate: true },
      });
      await emailEveryAdmin(tx, ctx, {
        companyId: admin.company_id,
        eventId,
        kind: 'admin_reset_immediate',
        at: now,
        clientAddress: origin.clientAddress,
        actor: { email: admin.email },
        lines,
      });
    });
    return { kind: 'reset', user: await companyUserNow(ctx, target.id) };
  }
  const id = randomUUID();
  const expiresAt = now + RESET_REQUEST_TTL_MS;
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('reset_requests')
      .values({
        id,
        company_id: admin.company_id,
        target_id: target.id,
        requested_by: admin.id,
        requested_at: now,
        expires_at: expiresAt,
        status: 'pending',
        decided_by: null,
        decided_at: null,
      })
      .execute();
    const eventId = await recordEvent(tx, ctx.notifications, {
      type: 'two_factor.reset_requested',
      companyId: admin.company_id,
      at: now,
      actor: auditPerson(admin),
      subject: auditPerson(target),
      clientAddress: origin.clientAddress,
      details: { requestId: id, expiresAt: isoAt(expiresAt) },
    });
    await emailEveryAdmin(tx, ctx, {
      companyId: admin.company_id,
      eventId,
      kind: 'admin_reset_requested',
      at: now,
      clientAddress: origin.clientAddress,
      actor: { email: admin.email },
      lines: [...lines, `The request expires at ${isoAt(expiresAt)} unless another administrator approves or denies it.`],
    });
  });
  return { kind: 'requested', request: { id, expiresAt: isoAt(expiresAt) } };
}

/** GET /company/reset-requests: pending requests of the company that have not expired, oldest first. */
export async function listResetRequests(ctx: DomainContext, admin: UsersTable): Promise<ResetRequestList> {
  requireAdmin(admin);
  const rows = await ctx.db
    .selectFrom('reset_requests as r')
    .innerJoin('users as t', 't.id', 'r.target_id')
    .innerJoin('users as a', 'a.id', 'r.requested_by')
    .select([
      'r.id',
      'r.requested_at',
      'r.expires_at',
      't.id as target_id',
      't.email as target_email',
      't.name as target_name',
      'a.id as requester_id',
      'a.email as requester_email',
    ])
    .where('r.company_id', '=', admin.company_id)
    .where('r.status', '=', 'pending')
    .where('r.expires_at', '>', ctx.now())
    .orderBy('r.requested_at')
    .limit(100)
    .execute();
  const items: ResetRequest[] = rows.map((r) => ({
    id: r.id,
    target: { id: r.target_id, email: r.target_email, name: r.target_name },
    requestedBy: { id: r.requester_id, email: r.requester_email },
    requestedAt: isoAt(Number(r.requested_at)),
    expiresAt: isoAt(Number(r.expires_at)),
  }));
  return { items };
}

/** A decision on a request: the deciding administrator's own code (step-up). */
export interface ResetDecision {
  requestId: string;
  code: string;
  origin: RequestOrigin;
  familyId: string;
}

/** Loads a pending, live request of the administrator's company (checks before the code is spent). */
async function pendingRequest(ctx: DomainContext, admin: UsersTable, requestId: string) {
  requireAdmin(admin);
  requireStepUpCapable(admin);
  const request = await ctx.db
    .selectFrom('reset_requests')
    .selectAll()
    .where('id', '=', requestId)
    .where('company_id', '=', admin.company_id)
    .executeTakeFirst();
  if (!request) throw new ApiError(404, 'reset_request_not_found');
  if (request.status !== 'pending') throw new ApiError(409, 'reset_request_not_pending');
  if (Number(request.expires_at) <= ctx.now()) throw new ApiError(409, 'reset_request_expired');
  return request;
}

/**
 * POST /company/reset-requests/:id/approve (step-up): a second administrator, neither the one who
 * asked nor the one whose 2FA it is, approves; the reset happens in the same transaction.
 */
export async function approveResetRequest(ctx: DomainContext, admin: UsersTable, decision: ResetDecision): Promise<CompanyUser> {
  const request = await pendingRequest(ctx, admin, decision.requestId);
  if (request.requested_by === admin.id) throw new ApiError(403, 'cannot_approve_own_request');
  if (request.target_id === admin.id) throw new ApiError(403, 'cannot_target_self');
  await verifyStepUp(ctx, admin, decision.code, decision.origin, decision.familyId);
  const target = await ctx.db.selectFrom('users').selectAll().where('id', '=', request.target_id).executeTakeFirstOrThrow();
  const requester = await ctx.db.selectFrom('users').select(['email']).where('id', '=', request.requested_by).executeTakeFirst();
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const won = await tx
      .updateTable('reset_requests')
      .set({ status: 'approved', decided_by: admin.id, decided_at: now })
      .where('id', '=', request.id)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(won.numUpdatedRows) !== 1) throw new ApiError(409, 'reset_request_not_pending');
    const eventId = await writeAdminReset(tx, ctx, {
      admin,
      target,
      origin: decision.origin,
      now,
      details: { requestId: request.id, requestedBy: requester?.email ?? null, approvedBy: admin.email },
    });
    await emailEveryAdmin(tx, ctx, {
      companyId: admin.company_id,
      eventId,
      kind: 'admin_reset_approved',
      at: now,
      clientAddress: decision.origin.clientAddress,
      actor: { email: admin.email },
      lines: [
        `Administrator whose two-factor authentication was reset: ${target.email}`,
        `Requested by: ${requester?.email ?? 'unknown'}`,
        `Approved by: ${admin.email}`,
      ],
    });
  });
  return companyUserNow(ctx, target.id);
}

/**
 * POST /company/reset-requests/:id/deny (step-up): any administrator with 2FA (the one who asked
 * withdraws it this way) ends the request; nothing changes for the administrator it was about.
 */
export async function denyResetRequest(ctx: DomainContext, admin: UsersTable, decision: ResetDecision): Promise<void> {
  const request = await pendingRequest(ctx, admin, decision.requestId);
  await verifyStepUp(ctx, admin, decision.code, decision.origin, decision.familyId);
  const target = await ctx.db.selectFrom('users').selectAll().where('id', '=', request.target_id).executeTakeFirstOrThrow();
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const won = await tx
      .updateTable('reset_requests')
      .set({ status: 'denied', decided_by: admin.id, decided_at: now })
      .where('id', '=', request.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(won.numUpdatedRows) !== 1) throw new ApiError(409, 'reset_request_not_pending');
    const eventId = await recordEvent(tx, ctx.notifications, {
      type: 'two_factor.reset_request_denied',
      companyId: admin.company_id,
      at: now,
      actor: auditPerson(admin),
      subject: auditPerson(target),
      clientAddress: decision.origin.clientAddress,
      details: { requestId: request.id },
    });
    await emailEveryAdmin(tx, ctx, {
      companyId: admin.company_id,
      eventId,
      kind: 'admin_reset_denied',
      at: now,
      clientAddress: decision.origin.clientAddress,
      actor: { email: admin.email },
      lines: [`Administrator whose two-factor authentication was to be reset: ${target.email}`, `Denied by: ${admin.email}`],
    });
  });
}

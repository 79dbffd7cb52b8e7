import { PROTECTION_LOWERING_SENTENCES, protectionLowerings } from '@rms/shared';
import type { AuditPage, Campaign, CompanyCounts, CompanyResponse, CompanyUser, PolicyResponse, ProtectionLowering, RolloutState, UsersPage } from '@rms/shared';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import type { CompaniesTable, UsersTable } from '../db/schema.js';
import type { CampaignProgress } from '../mail/notifications.js';
import { ApiError } from './api-error.js';
import { emailEveryAdmin } from './admin-notices.js';
import { auditPerson, recordEvent } from './audit.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { decodeCursor, encodeCursor } from './paging.js';
import { clearTwoFactor } from './reset-two-factor.js';
import { companyPolicy, describePlan, inScope, policyOf, standing, stateCondition, toUserRollout } from './rollout-plan.js';
import type { PlanInput, Policy } from './rollout-plan.js';
import { replacePlan } from './rollout-policy.js';
import { revokeUserSessions } from './sessions.js';
import { requireStepUpCapable, verifyStepUp } from './step-up.js';
import { iso, isoAt } from './time.js';

/** Only administrators manage the company. */
export function requireAdmin(user: UsersTable): void {
  if (user.role !== 'admin') throw new ApiError(403, 'forbidden');
}

/** A user as the company's users table shows it (a lock after failed codes counts only while it lasts), with their standing under `policy`. */
export function toCompanyUser(u: UsersTable, now: number, policy: Policy): CompanyUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    twoFactor: { enabled: u.two_factor_enabled_at !== null, enabledAt: iso(u.two_factor_enabled_at) },
    lockedUntil: u.locked_until !== null && Number(u.locked_until) > now ? iso(u.locked_until) : null,
    locked: u.sign_in_locked_at !== null,
    lastSignInAt: iso(u.last_sign_in_at),
    rollout: toUserRollout(standing(policy, u, now)),
  };
}

function toCampaign(progress: CampaignProgress): Campaign {
  return { ...progress, createdAt: isoAt(progress.createdAt) };
}

async function counts(ctx: DomainContext, companyId: string, policy: Policy): Promise<CompanyCounts> {
  const rows = await ctx.db
    .selectFrom('users')
    .select((eb) => ['role', eb.fn.countAll<number>().as('users'), eb.fn.count<number>('two_factor_enabled_at').as('enrolled')])
    .where('company_id', '=', companyId)
    .groupBy('role')
    .execute();
  // The compliance bar counts the people the policy applies to (everyone unless an admins-only plan).
  const scoped = policy.required ? rows.filter((r) => inScope(policy.plan, r)) : rows;
  const sum = (list: typeof rows, key: 'users' | 'enrolled') => list.reduce((n, r) => n + Number(r[key]), 0);
  return { users: sum(rows, 'users'), enrolled: sum(rows, 'enrolled'), inScope: sum(scoped, 'users'), enrolledInScope: sum(scoped, 'enrolled') };
}

/** GET /company. */
export async function describeCompany(ctx: DomainContext, admin: UsersTable): Promise<CompanyResponse> {
  requireAdmin(admin);
  const company = await ctx.db.selectFrom('companies').selectAll().where('id', '=', admin.company_id).executeTakeFirstOrThrow();
  const policy = await policyOf(ctx.db, company);
  return {
    id: company.id,
    name: company.name,
    twoFactorAtLogin: company.two_factor_at_login,
    verifyEmailBeforeEnrollment: Number(company.verify_email_before_enrollment) === 1,
    counts: await counts(ctx, company.id, policy),
    rollout: policy.required ? await describePlan(ctx.db, policy.plan) : null,
  };
}

/**
 * PUT /company/two-factor-policy. Only an administrator with 2FA on may change it. With
 * `required` + `notifyUnenrolled` the campaign is created in the same transaction; `required`
 * stores a new rollout plan (see rollout-policy.ts), `optional` ends the current one. A change
 * that lowers protection (protectionLowerings) needs the administrator's current code (step-up,
 * checked before any write; 403 `step_up_required` without it), is audited and emails every
 * administrator.
 */
export async function setTwoFactorPolicy(
  ctx: DomainContext,
  admin: UsersTable,
  input: { twoFactorAtLogin: 'optional' | 'required'; notifyUnenrolled: boolean; verifyEmailBeforeEnrollment?: boolean; code?: string } & Partial<PlanInput>,
  origin: RequestOrigin,
  /** The administrator's session family (step-up scope); absent for seeding and benches, which can then only raise protection. */
  familyId?: string,
): Promise<PolicyResponse> {
  requireAdmin(admin);
  if (admin.two_factor_enabled_at === null) throw new ApiError(403, 'admin_two_factor_required');
  const lowerings = await policyLowerings(ctx, admin, input);
  if (lowerings.length > 0) {
    if (input.code === undefined || familyId === undefined) throw new ApiError(403, 'step_up_required');
    await verifyStepUp(ctx, admin, input.code, origin, familyId);
  }
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const company = await tx.selectFrom('companies').selectAll().where('id', '=', admin.company_id).executeTakeFirstOrThrow();
    if (lowerings.length > 0) await emailProtectionLowered(tx, ctx, { admin, lowerings, now, origin });
    await tx.updateTable('companies').set({ two_factor_at_login: input.twoFactorAtLogin }).where('id', '=', company.id).execute();
    const verifyEmailBeforeEnrollment = await setEmailCheck(tx, ctx, { admin, company, wanted: input.verifyEmailBeforeEnrollment, now, origin });
    if (company.two_factor_at_login !== input.twoFactorAtLogin) {
      await recordEvent(tx, ctx.notifications, {
        type: 'company.policy_changed',
        companyId: company.id,
        at: now,
        actor: auditPerson(admin),
        subject: null,
        clientAddress: origin.clientAddress,
        details: { from: company.two_factor_at_login, to: input.twoFactorAtLogin },
      });
    }
    const plan = await replacePlan(tx, ctx.notifications, { admin, input, now, origin, wasRequired: company.two_factor_at_login === 'required' });
    let campaign: Campaign | null = null;
    if (input.twoFactorAtLogin === 'required' && input.notifyUnenrolled) {
      const progress = await ctx.notifications.startEnrollmentCampaign(tx, {
        companyId: company.id,
        companyName: company.name,
        createdBy: admin.id,
        now,
        onlyAdmins: plan?.applies_to === 'administrators',
        deadline: plan?.deadline ?? null,
      });
      campaign = toCampaign(progress);
      await recordEvent(tx, ctx.notifications, {
        type: 'company.campaign_started',
        companyId: company.id,
        at: now,
        actor: auditPerson(admin),
        subject: null,
        clientAddress: origin.clientAddress,
        details: { campaignId: progress.id, recipients: progress.total },
      });
    }
    return {
      twoFactorAtLogin: input.twoFactorAtLogin,
      verifyEmailBeforeEnrollment,
      campaign,
      deadline: iso(plan?.deadline ?? null),
      rollout: plan ? await describePlan(tx, plan) : null,
    };
  });
}

/** How the asked-for policy lowers the company's protection as stored now (empty: raises or keeps it). */
async function policyLowerings(
  ctx: DomainContext,
  admin: UsersTable,
  input: { twoFactorAtLogin: 'optional' | 'required'; verifyEmailBeforeEnrollment?: boolean } & Partial<PlanInput>,
): Promise<ProtectionLowering[]> {
  const company = await ctx.db.selectFrom('companies').selectAll().where('id', '=', admin.company_id).executeTakeFirstOrThrow();
  const policy = await policyOf(ctx.db, company);
  return protectionLowerings(
    {
      twoFactorAtLogin: company.two_factor_at_login,
      appliesTo: policy.required ? policy.plan.applies_to : null,
      verifyEmailBeforeEnrollment: Number(company.verify_email_before_enrollment) === 1,
    },
    input,
  );
}

/** Audits a lowering of the company's protection and emails every administrator about it, in the caller's transaction. */
async function emailProtectionLowered(
  tx: Executor<Database>,
  ctx: DomainContext,
  input: { admin: UsersTable; lowerings: ProtectionLowering[]; now: number; origin: RequestOrigin },
): Promise<void> {
  const { admin, lowerings, now, origin } = input;
  const eventId = await recordEvent(tx, ctx.notifications, {
    type: 'company.protection_lowered',
    companyId: admin.company_id,
    at: now,
    actor: auditPerson(admin),
    subject: null,
    clientAddress: origin.clientAddress,
    details: { lowerings, stepUp: true },
  });
  await emailEveryAdmin(tx, ctx, {
    companyId: admin.company_id,
    eventId,
    kind: 'company_protection_lowered',
    at: now,
    clientAddress: origin.clientAddress,
    actor: { email: admin.email },
    lines: lowerings.map((l) => PROTECTION_LOWERING_SENTENCES[l]),
  });
}

/** Sets the company's email check before a first enrollment (absent: unchanged); audited when it changes. Answers the setting. */
async function setEmailCheck(
  tx: Executor<Database>,
  ctx: DomainContext,
  input: { admin: UsersTable; company: CompaniesTable; wanted: boolean | undefined; now: number; origin: RequestOrigin },
): Promise<boolean> {
  const current = Number(input.company.verify_email_before_enrollment) === 1;
  if (input.wanted === undefined || input.wanted === current) return current;
  await tx.updateTable('companies').set({ verify_email_before_enrollment: input.wanted ? 1 : 0 }).where('id', '=', input.company.id).execute();
  await recordEvent(tx, ctx.notifications, {
    type: 'company.email_check_changed',
    companyId: input.company.id,
    at: input.now,
    actor: auditPerson(input.admin),
    subject: null,
    clientAddress: input.origin.clientAddress,
    details: { verifyEmailBeforeEnrollment: input.wanted },
  });
  return input.wanted;
}

/** GET /company/campaigns/:id (own company only). */
export async function campaignProgress(ctx: DomainContext, admin: UsersTable, campaignId: string): Promise<Campaign> {
  requireAdmin(admin);
  const progress = await ctx.notifications.getCampaign(ctx.db, admin.company_id, campaignId);
  if (!progress) throw new ApiError(404, 'campaign_not_found');
  return toCampaign(progress);
}

/** GET /company/users: ordered by email, cursor-paged, optionally filtered by 2FA status, with counts. */
export async function listUsers(
  ctx: DomainContext,
  admin: UsersTable,
  query: { twoFactor?: 'enabled' | 'disabled'; state?: RolloutState; cursor?: string; limit: number },
): Promise<UsersPage> {
  requireAdmin(admin);
  const now = ctx.now();
  const policy = await companyPolicy(ctx.db, admin.company_id);
  let q = ctx.db.selectFrom('users').selectAll().where('company_id', '=', admin.company_id);
  if (query.twoFactor === 'enabled') q = q.where('two_factor_enabled_at', 'is not', null);
  if (query.twoFactor === 'disabled') q = q.where('two_factor_enabled_at', 'is', null);
  const state = query.state;
  if (state) q = q.where((eb) => stateCondition(eb, policy, state, now));
  if (query.cursor) {
    const [email] = decodeCursor(query.cursor, ['string']);
    q = q.where('email', '>', String(email));
  }
  const rows = await q.orderBy('email').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((u) => toCompanyUser(u, now, policy)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.email]) : null,
    counts: await counts(ctx, admin.company_id, policy),
  };
}

/** Nobody acts on their own 2FA through the company routes (they have the account settings). */
export function requireOtherUser(admin: UsersTable, userId: string): void {
  if (userId === admin.id) throw new ApiError(403, 'cannot_target_self');
}

/** An administrator's action on another user of the company, with the step-up code. */
export interface StepUpAction {
  userId: string;
  /** The administrator's own current authenticator code. */
  code: string;
  origin: RequestOrigin;
  /** The administrator's session family (where wrong codes are remembered for the clock diagnosis). */
  familyId: string;
}

/** Loads a user of the administrator's own company, or 404 `user_not_found`. */
export async function companyUser(ctx: DomainContext, admin: UsersTable, userId: string): Promise<UsersTable> {
  const target = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .where('company_id', '=', admin.company_id)
    .executeTakeFirst();
  if (!target) throw new ApiError(404, 'user_not_found');
  return target;
}

/**
 * The checks before an admin action on someone else: administrator, not themselves, 2FA of their
 * own, a user of their company, then their current code (step-up). Answers the target user.
 */
export async function stepUpOnUser(ctx: DomainContext, admin: UsersTable, action: StepUpAction): Promise<UsersTable> {
  requireAdmin(admin);
  requireOtherUser(admin, action.userId);
  requireStepUpCapable(admin);
  const target = await companyUser(ctx, admin, action.userId);
  await verifyStepUp(ctx, admin, action.code, action.origin, action.familyId);
  return target;
}

/** An administrator's reset of someone's 2FA, to be written in the caller's transaction. */
export interface AdminReset {
  admin: UsersTable;
  target: UsersTable;
  origin: RequestOrigin;
  now: number;
  /** Facts the audit event adds (the approving administrator, why it was immediate, ...). */
  details?: Record<string, unknown>;
}

/**
 * Turns the target's 2FA off, frees a lock, ends their sessions, audits it and emails them, in
 * the caller's transaction. Answers the audit event's id.
 */
export async function writeAdminReset(tx: Executor<Database>, ctx: DomainContext, reset: AdminReset): Promise<string> {
  const { admin, target, now } = reset;
  await clearTwoFactor(tx, target.id);
  await revokeUserSessions(tx, target.id, now);
  return recordEvent(tx, ctx.notifications, {
    type: 'two_factor.reset_by_admin',
    companyId: admin.company_id,
    at: now,
    actor: auditPerson(admin),
    subject: auditPerson(target),
    clientAddress: reset.origin.clientAddress,
    details: {
      wasEnabled: target.two_factor_enabled_at !== null,
      wasLocked: target.locked_until !== null && Number(target.locked_until) > now,
      ...reset.details,
    },
    notice: 'two_factor_reset_by_admin',
  });
}

/** The user's row as the users table shows it now. */
export async function companyUserNow(ctx: DomainContext, userId: string): Promise<CompanyUser> {
  const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  return toCompanyUser(row, ctx.now(), await companyPolicy(ctx.db, row.company_id));
}

/** GET /company/audit: newest first, cursor-paged. */
export async function listAudit(ctx: DomainContext, admin: UsersTable, query: { cursor?: string; limit: number }): Promise<AuditPage> {
  requireAdmin(admin);
  let q = ctx.db.selectFrom('audit_events').selectAll().where('company_id', '=', admin.company_id);
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, ['number', 'string']);
    q = q.where((eb) =>
      eb.or([eb('at', '<', Number(at)), eb.and([eb('at', '=', Number(at)), eb('id', '<', String(id))])]),
    );
  }
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((e) => ({
      id: e.id,
      type: e.type as AuditPage['items'][number]['type'],
      at: isoAt(e.at),
      actor: e.actor_id ? { id: e.actor_id, email: e.actor_email ?? '' } : null,
      subject: e.subject_id ? { id: e.subject_id, email: e.subject_email ?? '' } : null,
      clientAddress: e.client_address,
      details: JSON.parse(e.details) as Record<string, unknown>,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([Number(last.at), last.id]) : null,
  };
}


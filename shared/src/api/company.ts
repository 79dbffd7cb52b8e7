import { z } from 'zod';
import { pageOf, Role, Timestamp, TotpCode, TwoFactorAtLogin } from './common.js';
import { RolloutPlan, RolloutPlanFields, RolloutState, UserRollout } from './rollout.js';

export const CompanyCounts = z.object({
  users: z.number().int(),
  enrolled: z.number().int(),
  /** People the policy applies to (everyone unless the plan is for administrators only), and how many of them have 2FA (always sent by this server). */
  inScope: z.number().int().optional(),
  enrolledInScope: z.number().int().optional(),
});
export type CompanyCounts = z.infer<typeof CompanyCounts>;

export const CompanyResponse = z.object({
  id: z.string(),
  name: z.string(),
  twoFactorAtLogin: TwoFactorAtLogin,
  /** A first enrollment at sign-in needs a code emailed to the person first. */
  verifyEmailBeforeEnrollment: z.boolean().optional(),
  counts: CompanyCounts,
  /** The current plan while 2FA is required; null when optional (always sent by this server). */
  rollout: RolloutPlan.nullable().optional(),
});
export type CompanyResponse = z.infer<typeof CompanyResponse>;

export const Campaign = z.object({
  id: z.string(),
  createdAt: Timestamp,
  total: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  done: z.boolean(),
});
export type Campaign = z.infer<typeof Campaign>;

export const PolicyRequest = z.object({
  twoFactorAtLogin: TwoFactorAtLogin,
  /** Email every user without 2FA (only meaningful with `required`). */
  notifyUnenrolled: z.boolean().default(false),
  /** Absent: unchanged. */
  verifyEmailBeforeEnrollment: z.boolean().optional(),
  /** The rollout plan; all absent while already required: the current plan stays. */
  ...RolloutPlanFields,
  /** The administrator's own current code: needed when the change lowers protection (see protectionLowerings), else ignored. */
  code: TotpCode.optional(),
});
export type PolicyRequest = z.infer<typeof PolicyRequest>;

export const PolicyResponse = z.object({
  twoFactorAtLogin: TwoFactorAtLogin,
  verifyEmailBeforeEnrollment: z.boolean().optional(),
  campaign: Campaign.nullable(),
  /** When the plan's grace ends; null when there is none (optional, or graceDays 0). */
  deadline: Timestamp.nullable().optional(),
  rollout: RolloutPlan.nullable().optional(),
});
export type PolicyResponse = z.infer<typeof PolicyResponse>;

export const CompanyUser = z.object({
  id: z.string(),
  email: z.email(),
  name: z.string(),
  role: Role,
  twoFactor: z.object({ enabled: z.boolean(), enabledAt: Timestamp.nullable() }),
  lockedUntil: Timestamp.nullable(),
  /** Sign-in locked after the person reported "this wasn't me", until an administrator unlocks. */
  locked: z.boolean(),
  lastSignInAt: Timestamp.nullable(),
  /** The person's place in the policy (always sent by this server). */
  rollout: UserRollout.optional(),
});
export type CompanyUser = z.infer<typeof CompanyUser>;

export const UsersQuery = z.object({
  twoFactor: z.enum(['enabled', 'disabled']).optional(),
  /** Only people in this state of the rollout. */
  state: RolloutState.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type UsersQuery = z.infer<typeof UsersQuery>;

export const UsersPage = pageOf(CompanyUser).extend({ counts: CompanyCounts });
export type UsersPage = z.infer<typeof UsersPage>;

/** A record id in a path: letters, digits and dashes (a UUID), so nothing else reaches the database. */
export const EntityId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'That id is not valid: it has letters, digits and dashes only.');

export const UserIdParams = z.object({ id: EntityId });

/** Body of every admin action on someone else's 2FA: the administrator's own current code (step-up). */
export const StepUpRequest = z.object({ code: TotpCode });
export type StepUpRequest = z.infer<typeof StepUpRequest>;
export const CampaignIdParams = z.object({ id: EntityId });

export const AUDIT_EVENT_TYPES = [
  'two_factor.enabled',
  'two_factor.disabled',
  'two_factor.reset_by_backup_code',
  'two_factor.reset_by_admin',
  'two_factor.reset_requested',
  'two_factor.reset_request_denied',
  'two_factor.temporary_code_issued',
  'two_factor.temporary_code_used',
  'two_factor.replaced_with_temporary_code',
  'two_factor.backup_code_regenerated',
  'two_factor.device_changed',
  'two_factor.code_reused',
  'auth.account_locked',
  'auth.second_step_failed',
  'auth.refresh_token_reused',
  'auth.session_revoked',
  'auth.other_sessions_revoked',
  'account.password_changed',
  'account.password_reset_requested',
  'account.password_reset',
  'account.reported_not_me',
  'account.unlocked',
  'auth.sessions_revoked_by_admin',
  'company.policy_changed',
  'company.campaign_started',
  'company.email_check_changed',
  'company.rollout_planned',
  'company.rollout_ended',
  'company.protection_lowered',
] as const;
export const AuditEventType = z.enum(AUDIT_EVENT_TYPES);
export type AuditEventType = z.infer<typeof AuditEventType>;

const AuditPerson = z.object({ id: z.string(), email: z.string() }).nullable();

export const AuditEvent = z.object({
  id: z.string(),
  type: AuditEventType,
  at: Timestamp,
  actor: AuditPerson,
  subject: AuditPerson,
  clientAddress: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export const AuditPage = pageOf(AuditEvent);
export type AuditPage = z.infer<typeof AuditPage>;

export const ResetRequestIdParams = z.object({ id: EntityId });

/** A pending request to reset another administrator's 2FA, waiting for a second administrator. */
export const ResetRequest = z.object({
  id: z.string(),
  target: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  requestedBy: z.object({ id: z.string(), email: z.string() }),
  requestedAt: Timestamp,
  expiresAt: Timestamp,
});
export type ResetRequest = z.infer<typeof ResetRequest>;

/** 202 of resetting another administrator's 2FA: a second administrator must approve it. */
export const ResetRequested = z.object({ request: z.object({ id: z.string(), expiresAt: Timestamp }) });
export type ResetRequested = z.infer<typeof ResetRequested>;

export const ResetRequestList = z.object({ items: z.array(ResetRequest) });
export type ResetRequestList = z.infer<typeof ResetRequestList>;

/** A temporary access code, shown once to the administrator who issued it (grouped XXXX-XXXX-XXXX). */
export const TemporaryCodeResponse = z.object({ temporaryCode: z.string(), expiresAt: Timestamp });
export type TemporaryCodeResponse = z.infer<typeof TemporaryCodeResponse>;

import { z } from 'zod';
import { MAX_GRACE_DAYS, MAX_NEW_USER_GRACE_DAYS, ROLLOUT_SCOPES, ROLLOUT_STATES } from '../rollout-rules.js';
import { Timestamp, TwoFactorAtLogin } from './common.js';

export const AppliesTo = z.enum(ROLLOUT_SCOPES);
export type AppliesTo = z.infer<typeof AppliesTo>;

/**
 * The plan part of PUT /company/two-factor-policy. Absent fields take the defaults (everyone, 0
 * days, 0 days) when a plan is made; when 2FA is already required and all three are absent, or
 * equal to the current plan's, the current plan (and its deadline) stays.
 */
export const RolloutPlanFields = {
  appliesTo: AppliesTo.optional(),
  /** 0 = at the next sign-in (the seed's behaviour). */
  graceDays: z.number().int().min(0).max(MAX_GRACE_DAYS).optional(),
  /** Days a person created after the plan has from their first sign-in. */
  newUserGraceDays: z.number().int().min(0).max(MAX_NEW_USER_GRACE_DAYS).optional(),
};

/** The stored plan of a company that requires 2FA. */
export const RolloutPlan = z.object({
  appliesTo: AppliesTo,
  graceDays: z.number().int(),
  newUserGraceDays: z.number().int(),
  /** When the plan's grace ends (UTC instant); null = at the next sign-in. */
  deadline: Timestamp.nullable(),
  createdAt: Timestamp,
  /** Reminder waves not yet sent (the administrators' summary goes at the deadline). */
  reminders: z.array(Timestamp),
});
export type RolloutPlan = z.infer<typeof RolloutPlan>;

/** GET /company/two-factor-policy/preview: what saving this policy would do. */
export const PolicyPreviewQuery = z.object({
  twoFactorAtLogin: TwoFactorAtLogin,
  appliesTo: AppliesTo.default('everyone'),
  graceDays: z.coerce.number().int().min(0).max(MAX_GRACE_DAYS).default(0),
  newUserGraceDays: z.coerce.number().int().min(0).max(MAX_NEW_USER_GRACE_DAYS).default(0),
});
export type PolicyPreviewQuery = z.infer<typeof PolicyPreviewQuery>;

export const PreviewUser = z.object({ id: z.string(), email: z.string(), name: z.string(), lastSignInAt: Timestamp.nullable() });
export type PreviewUser = z.infer<typeof PreviewUser>;

export const PolicyPreview = z.object({
  /** People in scope without 2FA: held at the deadline (or their next sign-in when there is none). */
  affected: z.number().int(),
  /** The first 100 of them, by email. */
  users: z.array(PreviewUser),
  /** When the reminder emails would go (waves already past are left out). */
  reminders: z.array(Timestamp),
  deadline: Timestamp.nullable(),
});
export type PolicyPreview = z.infer<typeof PolicyPreview>;

/** A person's place in the company's policy (see ROLLOUT_STATES). */
export const RolloutState = z.enum(ROLLOUT_STATES);
export type RolloutState = z.infer<typeof RolloutState>;

export const UserRollout = z.object({
  state: RolloutState,
  /** The person's own deadline while due; null otherwise (or when it starts at their first sign-in). */
  deadline: Timestamp.nullable(),
});
export type UserRollout = z.infer<typeof UserRollout>;

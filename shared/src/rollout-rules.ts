/** Who a "2FA required" plan applies to. */
export const ROLLOUT_SCOPES = ['everyone', 'administrators'] as const;

/** Longest grace period of a plan, and of a newcomer's own period (days). */
export const MAX_GRACE_DAYS = 90;
export const MAX_NEW_USER_GRACE_DAYS = 30;

/**
 * A person's place in the company's policy: 2FA on; due (in the grace period, until their
 * deadline); held (overdue: only enrollment); not in scope (an admins-only plan); not required
 * (optional policy).
 */
export const ROLLOUT_STATES = ['enabled', 'due', 'held', 'not_in_scope', 'not_required'] as const;

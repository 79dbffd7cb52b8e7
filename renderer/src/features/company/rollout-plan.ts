import type { PolicyPreviewInput, RolloutPlan, RolloutState, UserRollout } from '@rms/shared';
import { formatDateTime } from '../../ui/dates';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A day count as typed, kept to 0..max whole days (an empty field counts as 0). */
export function clampDays(value: number, max: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(max, Math.max(0, Math.round(value)));
}

/** Whether the plan asked for is the company's current one. */
export function samePlan(current: RolloutPlan | null, asked: PolicyPreviewInput): boolean {
  return (
    current !== null &&
    current.appliesTo === asked.appliesTo &&
    current.graceDays === asked.graceDays &&
    current.newUserGraceDays === asked.newUserGraceDays
  );
}

/** Whole days from `now` until `deadline` (at least 0; a part of a day counts as one). */
export function daysLeft(deadline: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(deadline) - now) / DAY_MS));
}

/** "3 days" / "1 day". */
export function dayCount(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

/** The plan in force, in one sentence (local time). */
export function rolloutSentence(plan: RolloutPlan | null): string {
  if (!plan) return 'Two-factor authentication is required at login.';
  const whom = plan.appliesTo === 'administrators' ? 'Administrators' : 'Everyone';
  const when = plan.deadline
    ? `must set up two-factor authentication by ${formatDateTime(plan.deadline)}`
    : 'must set up two-factor authentication when they next sign in';
  const newcomers = plan.newUserGraceDays > 0 ? ` New people get ${dayCount(plan.newUserGraceDays)} from their first sign-in.` : '';
  return `Two-factor authentication is required at login. ${whom} ${when}.${newcomers}`;
}

/** A person's state as the users table shows it. */
export function stateLabel(rollout: UserRollout | undefined, enabled: boolean): string {
  const state: RolloutState = rollout?.state ?? (enabled ? 'enabled' : 'not_required');
  switch (state) {
    case 'enabled':
      return 'Enabled';
    case 'due':
      return rollout?.deadline ? `Due by ${formatDateTime(rollout.deadline)}` : 'Due (from first sign-in)';
    case 'held':
      return 'Held: must set up';
    case 'not_in_scope':
      return 'Not in scope';
    case 'not_required':
      return 'Not enabled';
  }
}

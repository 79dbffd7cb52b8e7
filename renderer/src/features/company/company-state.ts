import type { Campaign, CompanyCounts, CompanyUser } from '@rms/shared';

/** "Sent 12 of 40, 1 failed" — the campaign's progress in words. */
export function campaignSummary(campaign: Campaign): string {
  if (campaign.total === 0) return 'No emails to send: every user already has two-factor authentication enabled.';
  const failed = campaign.failed > 0 ? `, ${campaign.failed} failed` : '';
  const state = campaign.done ? ' — finished' : '';
  return `Sent ${campaign.sent} of ${campaign.total}${failed}${state}`;
}

/** How many emails are settled (sent or failed for good). */
export function campaignSettled(campaign: Campaign): number {
  return Math.min(campaign.total, campaign.sent + campaign.failed);
}

/** Replaces a user in a list by id. */
export function replaceUser(users: readonly CompanyUser[], user: CompanyUser): CompanyUser[] {
  return users.map((u) => (u.id === user.id ? user : u));
}

/** Counts after a user's 2FA was reset (enrolled goes down by one if they had it; in scope too unless the policy leaves them out). */
export function countsAfterReset(counts: CompanyCounts, before: CompanyUser | undefined, after: CompanyUser): CompanyCounts {
  if (before?.twoFactor.enabled && !after.twoFactor.enabled) {
    const inScope = after.rollout?.state !== 'not_in_scope';
    const enrolledInScope = counts.enrolledInScope ?? counts.enrolled;
    return {
      ...counts,
      enrolled: Math.max(0, counts.enrolled - 1),
      enrolledInScope: inScope ? Math.max(0, enrolledInScope - 1) : enrolledInScope,
    };
  }
  return counts;
}

/**
 * "12 of 40 users (30%)" — the enrolment share in words, among the people the policy applies to
 * (everyone, or the administrators of an admins-only plan).
 */
export function complianceSummary(counts: CompanyCounts): string {
  const { inScope, enrolledInScope } = scopedCounts(counts);
  const pct = inScope === 0 ? 0 : Math.round((enrolledInScope / inScope) * 100);
  const whom = inScope === counts.users ? `user${counts.users === 1 ? '' : 's'}` : `administrator${inScope === 1 ? '' : 's'} in scope`;
  return `${enrolledInScope} of ${inScope} ${whom} (${pct}%) have two-factor authentication enabled`;
}

/** The people the policy applies to and how many of them have 2FA (everyone when the server does not say). */
export function scopedCounts(counts: CompanyCounts): { inScope: number; enrolledInScope: number } {
  return { inScope: counts.inScope ?? counts.users, enrolledInScope: counts.enrolledInScope ?? counts.enrolled };
}

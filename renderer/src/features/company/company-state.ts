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

/** Counts after a user's 2FA was reset (enrolled goes down by one if they had it). */
export function countsAfterReset(counts: CompanyCounts, before: CompanyUser | undefined, after: CompanyUser): CompanyCounts {
  if (before?.twoFactor.enabled && !after.twoFactor.enabled) {
    return { ...counts, enrolled: Math.max(0, counts.enrolled - 1) };
  }
  return counts;
}

/** "12 of 40 users (30%)" — the enrolment share in words. */
export function complianceSummary(counts: CompanyCounts): string {
  const pct = counts.users === 0 ? 0 : Math.round((counts.enrolled / counts.users) * 100);
  return `${counts.enrolled} of ${counts.users} user${counts.users === 1 ? '' : 's'} (${pct}%) have two-factor authentication enabled`;
}

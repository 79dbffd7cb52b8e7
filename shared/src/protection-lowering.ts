import type { ROLLOUT_SCOPES } from './rollout-rules.js';

type RolloutScope = (typeof ROLLOUT_SCOPES)[number];

/** The company's protection as stored: the requirement, the plan's scope while required, the email check. */
export interface CompanyProtection {
  twoFactorAtLogin: 'optional' | 'required';
  /** The current plan's scope; null when 2FA is optional (or no plan is stored). */
  appliesTo: RolloutScope | null;
  verifyEmailBeforeEnrollment: boolean;
}

/** The protection fields of a PUT /company/two-factor-policy body (absent: unchanged, see PolicyRequest). */
export interface ProtectionChange {
  twoFactorAtLogin: 'optional' | 'required';
  verifyEmailBeforeEnrollment?: boolean | undefined;
  appliesTo?: RolloutScope | undefined;
  graceDays?: number | undefined;
  newUserGraceDays?: number | undefined;
}

/** One way a change lowers the company's protection. */
export type ProtectionLowering = 'requirement_turned_off' | 'email_check_turned_off' | 'scope_narrowed_to_administrators';

/**
 * How a policy change lowers the company's protection (empty: it raises or keeps it). Lowering
 * needs the administrator's own current code (step-up) and emails every administrator. A plan
 * sent without any plan field keeps the current plan; with some, an absent scope means everyone.
 */
export function protectionLowerings(current: CompanyProtection, change: ProtectionChange): ProtectionLowering[] {
  const out: ProtectionLowering[] = [];
  if (current.twoFactorAtLogin === 'required' && change.twoFactorAtLogin === 'optional') out.push('requirement_turned_off');
  if (current.verifyEmailBeforeEnrollment && change.verifyEmailBeforeEnrollment === false) out.push('email_check_turned_off');
  if (current.twoFactorAtLogin === 'required' && change.twoFactorAtLogin === 'required' && current.appliesTo === 'everyone') {
    const keepsPlan = change.appliesTo === undefined && change.graceDays === undefined && change.newUserGraceDays === undefined;
    const scope = keepsPlan ? current.appliesTo : (change.appliesTo ?? 'everyone');
    if (scope === 'administrators') out.push('scope_narrowed_to_administrators');
  }
  return out;
}

/** A sentence per lowering, for the administrators' email and the audit trail. */
export const PROTECTION_LOWERING_SENTENCES: Record<ProtectionLowering, string> = {
  requirement_turned_off: 'Two-factor authentication at login was changed from Required to Optional.',
  email_check_turned_off: 'The email check before a first two-factor setup was turned off.',
  scope_narrowed_to_administrators: 'The two-factor requirement was narrowed from everyone to administrators only.',
};

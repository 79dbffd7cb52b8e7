import type { AuditEvent, AuditEventType } from '@rms/shared';

const EVENT_NAMES: Record<AuditEventType, string> = {
  'two_factor.enabled': 'Two-factor authentication turned on',
  'two_factor.disabled': 'Two-factor authentication turned off',
  'two_factor.reset_by_backup_code': 'Two-factor reset with the backup code',
  'two_factor.reset_by_admin': 'Two-factor reset by an administrator',
  'two_factor.reset_requested': "Reset of an administrator's two-factor requested",
  'two_factor.reset_request_denied': "Reset of an administrator's two-factor denied",
  'two_factor.temporary_code_issued': 'Temporary access code issued',
  'two_factor.temporary_code_used': 'Temporary access code used to sign in',
  'two_factor.replaced_with_temporary_code': 'New authenticator set up with a temporary access code',
  'two_factor.backup_code_regenerated': 'New backup code created',
  'two_factor.device_changed': 'Authenticator device changed',
  'two_factor.code_reused': 'Verification code used twice (refused)',
  'auth.account_locked': 'Account locked after failed codes',
  'auth.second_step_failed': 'Right password, second step failed',
  'auth.refresh_token_reused': 'Old session token reused (sessions ended)',
  'auth.session_revoked': 'A device signed out from Signed-in devices',
  'auth.other_sessions_revoked': 'Signed out everywhere else',
  'account.password_changed': 'Password changed',
  'account.password_reset_requested': 'Password reset link emailed',
  'account.password_reset': 'Password set with an emailed link',
  'account.reported_not_me': '"This wasn\'t me" reported: sign-in locked',
  'account.unlocked': 'Sign-in unlocked by an administrator',
  'auth.sessions_revoked_by_admin': 'Signed out everywhere by an administrator',
  'company.policy_changed': 'Two-factor requirement changed',
  'company.campaign_started': 'Notification emails started',
  'company.email_check_changed': 'Email check before setup changed',
  'company.protection_lowered': "Company's protection lowered (with the administrator's code)",
  'company.rollout_planned': 'Two-factor rollout planned',
  'company.rollout_ended': 'Two-factor rollout ended (optional again)',
};

/** The audit event's type as a person reads it. */
export function auditEventName(type: AuditEventType | string): string {
  return (EVENT_NAMES as Record<string, string>)[type] ?? type.replace(/[._]/g, ' ');
}

/** The event's details as "key: value" text (empty when none). */
export function auditDetails(event: AuditEvent): string {
  return Object.entries(event.details)
    .map(([key, value]) => `${key.replace(/([A-Z])/g, ' $1').toLowerCase()}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('; ');
}

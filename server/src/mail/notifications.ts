import type { Executor } from '../db/executor.js';

/** What kind of change a security email reports. */
export type SecurityEventKind =
  | 'two_factor_enabled'
  | 'two_factor_disabled'
  | 'two_factor_reset_by_backup_code'
  | 'two_factor_reset_by_admin'
  | 'backup_code_regenerated'
  | 'device_changed'
  | 'code_reused'
  | 'account_locked'
  | 'password_changed'
  | 'session_signed_out'
  | 'other_sessions_signed_out'
  | 'admin_reset_requested'
  | 'admin_reset_approved'
  | 'admin_reset_denied'
  | 'admin_reset_immediate'
  | 'company_protection_lowered'
  | 'password_reset'
  | 'reported_not_me'
  | 'user_reported_not_me'
  | 'account_unlocked'
  | 'signed_out_by_admin'
  | 'temporary_code_issued'
  | 'two_factor_replaced'
  | 'enrollment_email_code'
  | 'sign_in_second_step_failed';

/** A change to a user's two-factor authentication that the user must hear about. */
export interface SecurityNotice {
  /** Unique id of the event (the audit event id): makes the outbox entry idempotent. */
  eventId: string;
  kind: SecurityEventKind;
  user: { id: string; email: string; name: string };
  /** Epoch milliseconds. */
  at: number;
  clientAddress: string | null;
  /** Facts shown under the sentence (which device was signed out, ...); never a secret. */
  lines?: string[];
  /** Who did it, when it was not the user (an administrator's reset). */
  actor?: { email: string };
  /** The "this wasn't me" link's placeholder (made by the mail subsystem for notices that carry one). */
  notMeLink?: string;
}

/** The email with a one-time password-reset link (the link's placeholder; the token is made at delivery). */
export interface PasswordResetLinkMail {
  /** Unique id of the request (the audit event id): makes the outbox entry idempotent. */
  eventId: string;
  user: { id: string; email: string; name: string };
  at: number;
  clientAddress: string | null;
  /** `linkPlaceholder(linkId)`: replaced by the real link when the email is sent. */
  link: string;
}

/** Progress of a notify-unenrolled campaign. */
export interface CampaignProgress {
  id: string;
  createdAt: number;
  total: number;
  sent: number;
  failed: number;
  done: boolean;
}

/**
 * The mail subsystem as the rest of the server sees it. Writes happen in the caller's
 * transaction, so an email is queued if and only if the change it reports is committed.
 */
export interface Notifications<DB> {
  /** Queues the security email for `notice.user`. */
  queueSecurityNotice(db: Executor<DB>, notice: SecurityNotice): Promise<void>;
  /** Queues the email carrying a password-reset link. */
  queuePasswordResetLink(db: Executor<DB>, mail: PasswordResetLinkMail): Promise<void>;
  /** Creates a campaign emailing every user of the company without 2FA (administrators only with `onlyAdmins`), once each. */
  startEnrollmentCampaign(
    db: Executor<DB>,
    input: { companyId: string; companyName: string; createdBy: string; now: number; onlyAdmins?: boolean; deadline?: number | null },
  ): Promise<CampaignProgress>;
  /**
   * Queues the same email to each addressee, keyed `${keyPrefix}${addressee id}` (at most once
   * each, whatever callers do; the text is stored once); answers how many were added.
   */
  queueEach(
    db: Executor<DB>,
    input: { keyPrefix: string; kind: 'rollout_reminder' | 'rollout_summary'; to: { id: string; email: string }[]; mail: { subject: string; text: string } },
  ): Promise<number>;
  /** Withdraws the emails under `keyPrefix` that have not gone out yet (pending); answers how many. */
  cancelQueued(db: Executor<DB>, keyPrefix: string): Promise<number>;
  /** Progress of one campaign of the company, or null when it is not that company's. */
  getCampaign(db: Executor<DB>, companyId: string, campaignId: string): Promise<CampaignProgress | null>;
}

/** The background deliverer of the outbox. */
export interface MailWorker {
  start(): void;
  /** Stops taking new messages and waits for in-flight deliveries to finish. */
  stop(): Promise<void>;
  /** Delivers everything currently due (tests and the CLI use it). Resolves when the outbox has nothing due. */
  drain(): Promise<void>;
}

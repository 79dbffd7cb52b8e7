/** Timestamps are integer epoch milliseconds; ids are text UUIDs. */
export interface CompaniesTable {
  id: string;
  name: string;
  two_factor_at_login: 'optional' | 'required';
  /** 1: a first enrollment at sign-in needs a code emailed to the person first (default 0). */
  verify_email_before_enrollment: number;
  created_at: number;
}

/** A person who signs in. Two-factor state, replay guard and code throttle live on the row. */
export interface UsersTable {
  id: string;
  company_id: string;
  /** Lowercased; unique. */
  email: string;
  name: string;
  role: 'admin' | 'user';
  password_hash: string;
  /** null = 2FA off. */
  two_factor_enabled_at: number | null;
  /** AES-256-GCM sealed base32 secret of the active authenticator. */
  totp_secret_enc: string | null;
  /** Last accepted TOTP time step: only later steps are accepted (replay guard). */
  last_totp_step: number | null;
  backup_code_hash: string | null;
  backup_code_created_at: number | null;
  /** Consecutive failed codes / backup codes (throttle). */
  failed_code_attempts: number;
  code_next_allowed_at: number | null;
  locked_until: number | null;
  /** Pending enrollment or device change. */
  pending_kind: 'enrollment' | 'device_change' | null;
  pending_secret_enc: string | null;
  pending_expires_at: number | null;
  pending_confirmed_step: number | null;
  pending_backup_code_hash: string | null;
  last_sign_in_at: number | null;
  /** When the person first signed in (a newcomer's grace period of a 2FA rollout counts from it); added by `0060_...`. */
  first_sign_in_at?: number | null;
  created_at: number;
  /** When the person reported "this wasn't me": sign-in is refused until an administrator unlocks (null = not locked). */
  sign_in_locked_at: number | null;
}

/** A sign-in in progress, waiting for a code, a backup code or an enrollment. */
export interface ChallengesTable {
  id: string;
  token_hash: string;
  user_id: string;
  purpose: 'code' | 'enrollment';
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  client_address: string | null;
  /** When the password of this sign-in was checked (null on rows older than the column: use created_at). */
  password_checked_at: number | null;
  /** Set on the enrollment challenge a temporary access code opened: it replaces the active 2FA. */
  temporary_code_id: string | null;
  /** The email check before a first enrollment: the emailed code's hash while it is live, when it was sent, when it was checked. */
  email_code_hash: string | null;
  email_code_expires_at: number | null;
  email_code_sent_at: number | null;
  email_verified_at: number | null;
  /** Wrong second-step answers in this sign-in (the alert goes at the third). */
  failed_codes: number;
  /** When the alert sweep looked at this challenge after it ended (null: not yet). */
  alert_checked_at: number | null;
}

/** One access/refresh token pair; refreshing creates the next row of the same family. */
export interface SessionsTable {
  id: string;
  family_id: string;
  user_id: string;
  access_hash: string;
  access_expires_at: number;
  refresh_hash: string;
  refresh_expires_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
  created_at: number;
  client_address: string | null;
  /** The device as the client describes itself (app, version, OS), bounded and sanitised; null when it said nothing. */
  client: string | null;
  /** When the family (the device's sign-in) began; null only on rows older than the column. */
  family_created_at: number | null;
  /** When the access token of this row last authorised a request (kept to the minute). */
  last_used_at: number | null;
}

/** Fixed-window counters of password sign-in attempts (per account+address and per address). */
export interface LoginAttemptsTable {
  key: string;
  window_start: number;
  count: number;
}

/** Append-only audit log, per company. */
export interface AuditEventsTable {
  id: string;
  company_id: string;
  type: string;
  at: number;
  actor_id: string | null;
  actor_email: string | null;
  subject_id: string | null;
  subject_email: string | null;
  client_address: string | null;
  /** JSON object. */
  details: string;
}

/**
 * What the last wrong code of one sign-in (`challenge:<id>`) or one session family
 * (`session:<familyId>`) matched, when it matched a step within ±10 minutes: the clock-skew
 * offset is revealed only when the next wrong code agrees with it.
 */
export interface CodeSkewMemoryTable {
  scope: string;
  /** The time step the wrong code matched. */
  step: number;
  /** How far that step was from the server's step when the code came. */
  offset_steps: number;
  at: number;
}

/** Time steps whose code drew the clock hint: never accepted later (a guesser cannot cash the hint in). */
export interface BurnedTotpStepsTable {
  user_id: string;
  step: number;
  at: number;
}

/** A request to reset another administrator's 2FA, waiting for a second administrator (24 h). */
export interface ResetRequestsTable {
  id: string;
  company_id: string;
  target_id: string;
  requested_by: string;
  requested_at: number;
  expires_at: number;
  status: 'pending' | 'approved' | 'denied';
  decided_by: string | null;
  decided_at: number | null;
}

/** A one-time emailed link (password reset, "this wasn't me"); the token itself is never stored. */
export interface LinkTokensTable {
  id: string;
  token_hash: string;
  user_id: string;
  purpose: 'password_reset' | 'not_me';
  /** What the email that carried the link reported (its subject), shown on the page; null when nothing to say. */
  about: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A temporary access code an administrator issued (hash only): single use, 24 h. */
export interface TemporaryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  issued_by: string;
  issued_at: number;
  expires_at: number;
  used_at: number | null;
}

/** When each person was last sent the "someone who knows your password" alert (at most once an hour). */
export interface SignInAlertsTable {
  user_id: string;
  last_sent_at: number;
}

/** Tables owned by the server core. */
export interface CoreTables {
  companies: CompaniesTable;
  users: UsersTable;
  challenges: ChallengesTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_events: AuditEventsTable;
  code_skew_memory: CodeSkewMemoryTable;
  burned_totp_steps: BurnedTotpStepsTable;
  reset_requests: ResetRequestsTable;
  link_tokens: LinkTokensTable;
  temporary_codes: TemporaryCodesTable;
  sign_in_alerts: SignInAlertsTable;
}

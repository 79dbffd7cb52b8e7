/** Every error code the backend API can answer with, in `{ error, message }` bodies. */
export const API_ERROR_CODES = [
  'validation_failed',
  'unsupported_media_type',
  'payload_too_large',
  'not_found',
  'unauthorized',
  'session_expired',
  'session_revoked',
  'invalid_refresh_token',
  'refresh_token_reused',
  'forbidden',
  'invalid_credentials',
  'too_many_attempts',
  'account_locked',
  'invalid_challenge',
  'challenge_expired',
  'invalid_code',
  'code_already_used',
  'clock_skew',
  'invalid_backup_code',
  'enrollment_required',
  'enrollment_not_started',
  'enrollment_expired',
  'enrollment_not_confirmed',
  'backup_code_not_saved',
  'two_factor_already_enabled',
  'two_factor_not_enabled',
  'device_change_not_started',
  'admin_two_factor_required',
  'step_up_required',
  'policy_requires_two_factor',
  'campaign_not_found',
  'user_not_found',
  'cannot_target_self',
  'reset_request_not_found',
  'reset_request_not_pending',
  'reset_request_expired',
  'cannot_approve_own_request',
  'second_administrator_required',
  'invalid_temporary_code',
  'email_code_required',
  'invalid_email_code',
  'invalid_current_password',
  'weak_password',
  'password_unchanged',
  'session_not_found',
  'service_unavailable',
  'internal_error',
] as const;

/** Codes whose message the server words for the case at hand (the app shows it as is). */
export const SERVER_WORDED_ERRORS: readonly ApiErrorCode[] = ['validation_failed', 'internal_error', 'weak_password'];

/** A backend API error code. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Error codes raised by the desktop app itself (main process), never by the backend. */
export const APP_ERROR_CODES = [
  'backend_unreachable',
  'backend_not_configured',
  'backend_url_invalid',
  'backend_url_insecure',
  'backend_url_locked',
  'tls_error',
  'keychain_unavailable',
  'not_signed_in',
  'invalid_input',
  'unexpected_response',
  'save_cancelled',
] as const;

/** An error code produced by the desktop app. */
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** Any error code the renderer may see. */
export type ErrorCode = ApiErrorCode | AppErrorCode;

/** The JSON body of every backend error response. */
export interface ApiErrorBody {
  error: ApiErrorCode;
  message: string;
  /** Present on 429: seconds until another attempt is allowed. */
  retryAfterSeconds?: number;
  /** Present on `clock_skew`: how far the authenticator's clock is from the server's (positive = ahead). */
  offsetSeconds?: number;
  /** On `invalid_code`: the code matched another time, so the phone's clock may be wrong. */
  hint?: ErrorHint;
  /** Present on `validation_failed`: which fields were wrong. */
  issues?: { path: string; message: string }[];
}

/** Hints an error may carry about what to check. */
export const ERROR_HINTS = ['check_phone_clock'] as const;

/** A hint of an error body. */
export type ErrorHint = (typeof ERROR_HINTS)[number];

/** An error as the renderer receives it over IPC. */
export interface RmsErrorInfo {
  code: ErrorCode;
  message: string;
  status?: number;
  retryAfterSeconds?: number;
  offsetSeconds?: number;
  hint?: ErrorHint;
}

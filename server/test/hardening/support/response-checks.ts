import { API_ERROR_CODES } from '@rms/shared';
import type { RawAnswer } from './raw-http.js';

const KNOWN_CODES = new Set<string>(API_ERROR_CODES);

/** Signs of a stack trace or source location leaking into a response. */
const STACK_PATTERNS = [/\bat [\w.<>$[\]]+ \(/, /\.(ts|js|mjs|cjs):\d+/, /node_modules/, /\/(src|dist)\/\w/, /\bError: [A-Z]/];

/** Signs of the database (its errors, its schema) leaking into a response. */
const SQL_PATTERNS = [
  /SQLITE_\w+/,
  /syntax error at or near/i,
  /relation "\w+" does not exist/i,
  /violates [\w ]*constraint/i,
  /no such (table|column)/i,
  /duplicate key value/i,
  /invalid input syntax for/i,
  /better-sqlite3/i,
  /\b(password_hash|totp_secret_enc|pending_secret_enc|backup_code_hash|refresh_hash|access_hash|token_hash)\b/,
  /\$argon2id\$/,
];

/** A failed check, in words. */
export class ResponseProblem extends Error {}

/**
 * Checks one answer against the hardening rules: no 5xx, no hang, JSON `{error, message}` with a
 * documented code for every error, no stack trace, no database detail, none of `secrets`.
 */
export function checkAnswer(answer: RawAnswer, secrets: readonly string[], what: string): void {
  const fail = (why: string) => {
    throw new ResponseProblem(`${what} → ${answer.status}: ${why}\n${answer.text.slice(0, 500)}`);
  };
  if (answer.status >= 500 || answer.status < 100) fail('a server error');
  for (const pattern of STACK_PATTERNS) if (pattern.test(answer.text)) fail(`looks like a stack trace (${pattern})`);
  for (const pattern of SQL_PATTERNS) if (pattern.test(answer.text)) fail(`leaks a database detail (${pattern})`);
  for (const secret of secrets) if (secret && answer.text.includes(secret)) fail('leaks a secret');
  if (answer.status >= 400) {
    if (answer.text.length > 16 * 1024) fail('an oversized error body');
    const body = answer.json as { error?: unknown; message?: unknown } | undefined;
    if (!body || typeof body !== 'object') fail('an error without a JSON body');
    if (typeof body?.error !== 'string' || !KNOWN_CODES.has(body.error)) fail(`undocumented error code ${String(body?.error)}`);
    if (typeof body?.message !== 'string' || body.message.trim() === '') fail('an error without a message');
    if (!String(answer.headers['content-type'] ?? '').startsWith('application/json')) fail('an error that is not application/json');
  }
}

/** Error codes of refusals that must not change anything at all. */
export const NO_EFFECT_CODES = new Set([
  'validation_failed',
  'unsupported_media_type',
  'payload_too_large',
  'not_found',
  'unauthorized',
  'session_expired',
  'session_revoked',
  'invalid_refresh_token',
  'forbidden',
  'invalid_challenge',
  'challenge_expired',
  'enrollment_required',
  'enrollment_not_started',
  'enrollment_expired',
  'enrollment_not_confirmed',
  'backup_code_not_saved',
  'two_factor_already_enabled',
  'two_factor_not_enabled',
  'device_change_not_started',
  'admin_two_factor_required',
  'policy_requires_two_factor',
  'campaign_not_found',
  'user_not_found',
]);

/** Error codes of refusals that were counted by a throttle (only throttle state may change). */
export const COUNTED_CODES = new Set(['invalid_credentials', 'invalid_code', 'clock_skew', 'invalid_backup_code', 'too_many_attempts', 'account_locked']);

// The email check before a first enrollment at sign-in (docs/two-factor.md): when the company asks
// for it, the person proves they read their mailbox before an authenticator can be set up, so a
// password thief cannot enrol their own phone.
import { randomInt } from 'node:crypto';
import { constantTimeEqual, sha256 } from '../crypto/tokens.js';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import type { ChallengesTable, UsersTable } from '../db/schema.js';
import { ApiError, retryLater } from './api-error.js';
import { noteCodeFailure, reserveCodeAttempt } from './code-throttle.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { LOGIN_WINDOW_MS, bump } from './login-throttle.js';

/** An emailed code works once, for 10 minutes. */
export const EMAIL_CODE_TTL_MS = 10 * 60 * 1000;
/** A new code is emailed at most once a minute per sign-in (asking again meanwhile sends nothing). */
export const EMAIL_CODE_RESEND_MS = 60 * 1000;
/**
 * Codes emailed per person per LOGIN_WINDOW_MS, over all their sign-ins (a correct password is
 * refunded to the sign-in throttle, so without this its holder could flood the mailbox); then 429.
 */
export const EMAIL_CODES_PER_WINDOW = 5;

const CODE_PLACEHOLDER = /\[\[rms-email-code:([0-9a-f-]{36}):(\d+)\]\]/g;

/** The mark an email's text carries where the code goes: the sign-in's challenge and when it asked. */
export function emailCodePlaceholder(challengeId: string, askedAt: number): string {
  return `[[rms-email-code:${challengeId}:${askedAt}]]`;
}

/**
 * Replaces the code placeholder of an email about to be sent with a fresh 6-digit code, storing
 * only its hash on the challenge (the outbox never holds the code); its 10 minutes start now.
 * Only the latest request of a sign-in still waiting for its check gets a code (an older email,
 * or one whose sign-in was checked meanwhile, reads as a sentence). A retried delivery makes a new
 * code: the one of the failed (or, after a crash between the SMTP 250 and the `sent` mark,
 * duplicated) attempt stops working, and the last email received carries the one that works.
 */
export async function bindEmailCodes(db: Executor<Database>, text: string, now: number): Promise<string> {
  const codes = new Map<string, string>();
  for (const [placeholder, challengeId, askedAt] of text.matchAll(CODE_PLACEHOLDER)) {
    if (codes.has(placeholder)) continue;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const bound = await db
      .updateTable('challenges')
      .set({ email_code_hash: sha256(code), email_code_expires_at: now + EMAIL_CODE_TTL_MS })
      .where('id', '=', challengeId as string)
      .where('email_code_sent_at', '=', Number(askedAt))
      .where('email_verified_at', 'is', null)
      .executeTakeFirst();
    codes.set(placeholder, Number(bound.numUpdatedRows) === 1 ? code : '(no longer valid: sign in again for a new code)');
  }
  return text.replace(CODE_PLACEHOLDER, (placeholder) => codes.get(placeholder) ?? '');
}

async function companyChecksEmail(ctx: DomainContext, companyId: string): Promise<boolean> {
  const company = await ctx.db.selectFrom('companies').select('verify_email_before_enrollment').where('id', '=', companyId).executeTakeFirst();
  return Number(company?.verify_email_before_enrollment ?? 0) === 1;
}

/**
 * Emails a new 6-digit code for the sign-in (unless one went out less than a minute ago and still
 * works). The outbox row carries a placeholder; `bindEmailCodes` makes the code when it is sent,
 * and until then no code of this sign-in works.
 */
async function sendEmailCode(ctx: DomainContext, challenge: ChallengesTable, user: UsersTable, origin: RequestOrigin): Promise<void> {
  const now = ctx.now();
  const recent = challenge.email_code_sent_at !== null && now - Number(challenge.email_code_sent_at) < EMAIL_CODE_RESEND_MS;
  if (recent && Number(challenge.email_code_expires_at ?? 0) > now) return;
  const sent = await bump(ctx, `email-code:${user.id}`, now);
  if (sent.count > EMAIL_CODES_PER_WINDOW) throw retryLater('too_many_attempts', sent.windowStart + LOGIN_WINDOW_MS, now);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('challenges')
      .set({ email_code_hash: null, email_code_expires_at: now + EMAIL_CODE_TTL_MS, email_code_sent_at: now })
      .where('id', '=', challenge.id)
      .execute();
    await ctx.notifications.queueSecurityNotice(tx, {
      eventId: `email-code:${challenge.id}:${now}`,
      kind: 'enrollment_email_code',
      user: { id: user.id, email: user.email, name: user.name },
      at: now,
      clientAddress: origin.clientAddress,
      lines: [`Your code: ${emailCodePlaceholder(challenge.id, now)}`, 'It works once, for 10 minutes, in the sign-in that asked for it.'],
    });
  });
}

/**
 * Before a first enrollment at sign-in, when the company checks the email: without `emailCode`,
 * emails a code and answers 409 `email_code_required`; with it, checks it (throttled with the
 * codes, single use) or answers 401 `invalid_email_code`. Once checked, the sign-in goes on. An
 * enrollment a temporary access code opened needs no check (an administrator vouched for it).
 */
export async function requireEmailCheck(
  ctx: DomainContext,
  challenge: ChallengesTable,
  user: UsersTable,
  emailCode: string | undefined,
  origin: RequestOrigin,
): Promise<void> {
  if (challenge.temporary_code_id !== null || challenge.email_verified_at !== null) return;
  if (!(await companyChecksEmail(ctx, user.company_id))) return;
  if (emailCode === undefined) {
    await sendEmailCode(ctx, challenge, user, origin);
    throw new ApiError(409, 'email_code_required');
  }
  const failures = await reserveCodeAttempt(ctx, user.id);
  const now = ctx.now();
  const hash = challenge.email_code_hash;
  if (hash !== null && Number(challenge.email_code_expires_at ?? 0) > now && constantTimeEqual(sha256(emailCode), hash)) {
    const used = await ctx.db
      .updateTable('challenges')
      .set({ email_verified_at: now, email_code_hash: null, email_code_expires_at: null })
      .where('id', '=', challenge.id)
      .where('email_code_hash', '=', hash)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 1) {
      await ctx.db.updateTable('users').set({ failed_code_attempts: 0, code_next_allowed_at: null }).where('id', '=', user.id).execute();
      return;
    }
  }
  await noteCodeFailure(ctx, user, failures, origin);
  throw new ApiError(401, 'invalid_email_code');
}

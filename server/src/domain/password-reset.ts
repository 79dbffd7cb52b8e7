import { hashPassword } from '../crypto/passwords.js';
import { ApiError, retryLater } from './api-error.js';
import { auditPerson, recordEvent } from './audit.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { linkPlaceholder, lookUpLink, reserveLink, spendLink } from './link-tokens.js';
import type { LinkLookup } from './link-tokens.js';
import { LOGIN_WINDOW_MS, bump, throttleNetwork } from './login-throttle.js';
import { endWhatTheOldPasswordOpened } from './password-replaced.js';
import { assertStrongPassword } from './password-strength.js';
import { findUser } from './users.js';

/** Reset requests allowed per client address (IPv6 per /64) per 15 minutes; more are refused with 429. */
export const RESET_PER_ADDRESS = 20;
/** Reset emails sent per email address per 15 minutes; further requests are answered the same way but send nothing. */
export const RESET_PER_EMAIL = 3;

/** The one answer to every accepted request, whether or not the address has an account. */
export const RESET_ACCEPTED_SENTENCE = 'If the address has an account, we sent a link to set a new password. It works once, for 30 minutes.';

/**
 * POST /auth/password-reset. Counted per client address (429 past the limit); then the answer is
 * 202 at once and the rest runs after it: whether the address has an account, the per-address
 * email limit and the email itself cannot change the answer or its timing.
 */
export async function requestPasswordReset(ctx: DomainContext, email: string, origin: RequestOrigin): Promise<void> {
  const now = ctx.now();
  const address = await bump(ctx, `reset-addr:${throttleNetwork(origin.clientAddress)}`, now);
  if (address.count > RESET_PER_ADDRESS) throw retryLater('too_many_attempts', address.windowStart + LOGIN_WINDOW_MS, now);
  const normalized = email.trim().toLowerCase();
  ctx.background.run('password reset email', () => emailResetLink(ctx, normalized, origin));
}

/** Emails a reset link to the account with this address, if there is one and its limit allows. */
async function emailResetLink(ctx: DomainContext, email: string, origin: RequestOrigin): Promise<void> {
  const now = ctx.now();
  const perEmail = await bump(ctx, `reset-email:${email}`, now);
  if (perEmail.count > RESET_PER_EMAIL) return;
  const user = await ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  if (!user) return;
  await ctx.db.transaction().execute(async (tx) => {
    const linkId = await reserveLink(tx, { userId: user.id, purpose: 'password_reset', now });
    const eventId = await recordEvent(tx, ctx.notifications, {
      type: 'account.password_reset_requested',
      companyId: user.company_id,
      at: now,
      actor: null,
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
    });
    await ctx.notifications.queuePasswordResetLink(tx, {
      eventId,
      user: { id: user.id, email: user.email, name: user.name },
      at: now,
      clientAddress: origin.clientAddress,
      link: linkPlaceholder(linkId),
    });
  });
}

/** A reset link as its page needs it: whether it works and, if so, whose account it is. */
export async function lookUpResetLink(ctx: DomainContext, token: string): Promise<LinkLookup & { email?: string }> {
  const found = await lookUpLink(ctx.db, token, 'password_reset', ctx.now());
  if (found.status !== 'valid') return found;
  const user = await findUser(ctx.db, found.link.user_id);
  return user ? { ...found, email: user.email } : { status: 'unknown' };
}

/**
 * The reset page's POST: the link (unused, not expired), the new password's strength (the rules of
 * a password change), then in one transaction: the link is spent (once), the password set, every
 * session and every sign-in waiting at its code step ended, the other reset links voided; audited
 * and emailed. Two-factor authentication is untouched. Answers why the link does not work, or null.
 */
export async function completePasswordReset(
  ctx: DomainContext,
  token: string,
  newPassword: string,
  origin: RequestOrigin,
): Promise<Exclude<LinkLookup['status'], 'valid'> | null> {
  const found = await lookUpLink(ctx.db, token, 'password_reset', ctx.now());
  if (found.status !== 'valid') return found.status;
  const user = await findUser(ctx.db, found.link.user_id);
  if (!user) return 'unknown';
  assertStrongPassword(newPassword, user);
  const newHash = await hashPassword(newPassword);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await spendLink(tx, found.link.id, now))) return 'used' as const;
    await tx.updateTable('users').set({ password_hash: newHash }).where('id', '=', user.id).execute();
    await endWhatTheOldPasswordOpened(tx, ctx, user, { kind: 'reset' }, { now, origin });
    return null;
  });
}

/** Refuses a reset whose two password fields differ (400, the page shows the sentence). */
export function assertSamePassword(password: string, again: string): void {
  if (password !== again) throw new ApiError(400, 'validation_failed', 'The two passwords are not the same. Type the new password twice.');
}

import { auditPerson, recordEvent } from './audit.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { lookUpLink, spendLink, spendUserLinks } from './link-tokens.js';
import type { LinkLookup } from './link-tokens.js';
import { voidOldPasswordProofs } from './password-replaced.js';
import { revokeUserSessions } from './sessions.js';
import { findUser } from './users.js';

/** A "this wasn't me" link as its page needs it: whether it works, whose account, what the email reported. */
export async function lookUpNotMeLink(ctx: DomainContext, token: string): Promise<LinkLookup & { email?: string; about?: string | null }> {
  const found = await lookUpLink(ctx.db, token, 'not_me', ctx.now());
  if (found.status !== 'valid') return found;
  const user = await findUser(ctx.db, found.link.user_id);
  return user ? { ...found, email: user.email, about: found.link.about } : { status: 'unknown' };
}

/**
 * The "this wasn't me" page's confirmation, in one transaction: the link is spent (once), sign-in
 * locked until an administrator unlocks it, every session and every sign-in in progress ended;
 * audited, the person emailed, and every administrator of the company emailed.
 * Answers why the link does not work, or null.
 */
export async function reportNotMe(
  ctx: DomainContext,
  token: string,
  origin: RequestOrigin,
): Promise<Exclude<LinkLookup['status'], 'valid'> | null> {
  const found = await lookUpLink(ctx.db, token, 'not_me', ctx.now());
  if (found.status !== 'valid') return found.status;
  const user = await findUser(ctx.db, found.link.user_id);
  if (!user) return 'unknown';
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await spendLink(tx, found.link.id, now))) return 'used' as const;
    await tx.updateTable('users').set({ sign_in_locked_at: now }).where('id', '=', user.id).where('sign_in_locked_at', 'is', null).execute();
    const ended = await revokeUserSessions(tx, user.id, now);
    await voidOldPasswordProofs(tx, user.id, now);
    // Reset links already emailed may be in the wrong hands too: after the unlock only a new one works.
    await spendUserLinks(tx, user.id, 'password_reset', now);
    const eventId = await recordEvent(tx, ctx.notifications, {
      type: 'account.reported_not_me',
      companyId: user.company_id,
      at: now,
      actor: auditPerson(user),
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      details: { about: found.link.about, sessionsEnded: ended },
      notice: 'reported_not_me',
    });
    const admins = await tx
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where('company_id', '=', user.company_id)
      .where('role', '=', 'admin')
      .where('id', '!=', user.id)
      .execute();
    for (const admin of admins) {
      await ctx.notifications.queueSecurityNotice(tx, {
        eventId: `${eventId}:admin:${admin.id}`,
        kind: 'user_reported_not_me',
        user: admin,
        at: now,
        clientAddress: origin.clientAddress,
        lines: [`User: ${user.name} <${user.email}>`, ...(found.link.about ? [`The email they reported: "${found.link.about}"`] : [])],
      });
    }
    return null;
  });
}

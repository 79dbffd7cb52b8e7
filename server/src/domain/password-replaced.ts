import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import type { UsersTable } from '../db/schema.js';
import { auditPerson, recordEvent } from './audit.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { spendUserLinks } from './link-tokens.js';
import { revokeUserSessions } from './sessions.js';

/** What a new password voids besides sessions: sign-ins waiting at the code step (begun with the old password). */
export async function voidOldPasswordProofs(db: Executor<Database>, userId: string, now: number): Promise<void> {
  await db.updateTable('challenges').set({ consumed_at: now }).where('user_id', '=', userId).where('consumed_at', 'is', null).execute();
}

/**
 * How the password was replaced: changed by the signed-in person with the current password (the
 * session they changed it from stays), or reset through an emailed link (every session ends).
 */
export type PasswordReplacement = { kind: 'changed'; keepFamilyId: string } | { kind: 'reset' };

/**
 * What a new password ends, inside the transaction that stores it: the person's other sessions,
 * sign-ins begun with the old password and every reset link still in a mailbox (one emailed
 * before would undo the new password); audited, and the person is emailed. Answers how many
 * signed-in devices ended.
 */
export async function endWhatTheOldPasswordOpened(
  tx: Executor<Database>,
  ctx: DomainContext,
  user: UsersTable,
  replacement: PasswordReplacement,
  at: { now: number; origin: RequestOrigin },
): Promise<number> {
  const changed = replacement.kind === 'changed';
  const ended = await revokeUserSessions(tx, user.id, at.now, changed ? replacement.keepFamilyId : undefined);
  await voidOldPasswordProofs(tx, user.id, at.now);
  await spendUserLinks(tx, user.id, 'password_reset', at.now);
  await recordEvent(tx, ctx.notifications, {
    type: changed ? 'account.password_changed' : 'account.password_reset',
    companyId: user.company_id,
    at: at.now,
    actor: auditPerson(user),
    subject: auditPerson(user),
    clientAddress: at.origin.clientAddress,
    details: changed ? { otherSessionsEnded: ended } : { sessionsEnded: ended },
    notice: changed ? 'password_changed' : 'password_reset',
  });
  return ended;
}

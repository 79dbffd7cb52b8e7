import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import type { SecurityEventKind } from '../mail/notifications.js';
import type { DomainContext } from './context.js';

/** A security email every administrator of a company gets (one outbox entry each, idempotent per event). */
export interface AdminNotice {
  companyId: string;
  /** The audit event it reports: each administrator's email is keyed by it. */
  eventId: string;
  kind: SecurityEventKind;
  at: number;
  clientAddress: string | null;
  /** The administrator who acted. */
  actor: { email: string } | null;
  /** Facts under the sentence (whose 2FA, who asked, ...); never a secret. */
  lines: string[];
}

/** Queues the notice for every administrator of the company, in the caller's transaction. */
export async function emailEveryAdmin(tx: Executor<Database>, ctx: DomainContext, notice: AdminNotice): Promise<void> {
  const admins = await tx
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('company_id', '=', notice.companyId)
    .where('role', '=', 'admin')
    .execute();
  for (const admin of admins) {
    await ctx.notifications.queueSecurityNotice(tx, {
      eventId: `${notice.eventId}:${admin.id}`,
      kind: notice.kind,
      user: admin,
      at: notice.at,
      clientAddress: notice.clientAddress,
      lines: notice.lines,
      ...(notice.actor ? { actor: notice.actor } : {}),
    });
  }
}

// The alert when the password was right but the second step failed (docs/two-factor.md): 3 wrong
// answers in one sign-in, or a sign-in whose challenge expired unused, emails the person once, at
// most once an hour each. Queued through the outbox in the transaction that decides it (durable).
import type { ChallengesTable, UsersTable } from '../db/schema.js';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import { formatUtc } from '../mail/mail-texts.js';
import { ApiError } from './api-error.js';
import { auditPerson, recordEvent } from './audit.js';
import type { DomainContext, RequestOrigin } from './context.js';
import { findUser } from './users.js';

/** Wrong second-step answers in one sign-in that send the alert. */
export const ALERT_AFTER_WRONG_CODES = 3;
/** At most one alert per person in this time. */
export const ALERT_INTERVAL_MS = 60 * 60 * 1000;

type Reason = 'wrong_codes' | 'expired_unused';

/** Claims the person's alert slot (none sent in the last hour), atomically; false when it is taken. */
async function claimAlertSlot(tx: Executor<Database>, userId: string, now: number): Promise<boolean> {
  const row = await tx
    .insertInto('sign_in_alerts')
    .values({ user_id: userId, last_sent_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ last_sent_at: now }).where('sign_in_alerts.last_sent_at', '<=', now - ALERT_INTERVAL_MS))
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Audits the failed second step and, when the hourly slot is free, queues the alert email (caller's transaction). */
async function alert(
  tx: Executor<Database>,
  ctx: DomainContext,
  input: { user: Pick<UsersTable, 'id' | 'company_id' | 'email' | 'name'>; challenge: ChallengesTable; reason: Reason; at: number; clientAddress: string | null },
): Promise<void> {
  const { user, challenge } = input;
  const send = await claimAlertSlot(tx, user.id, input.at);
  const address = input.clientAddress ?? 'an unknown address';
  await recordEvent(tx, ctx.notifications, {
    type: 'auth.second_step_failed',
    companyId: user.company_id,
    at: input.at,
    actor: null,
    subject: auditPerson(user),
    clientAddress: input.clientAddress,
    details: { reason: input.reason, wrongCodes: Number(challenge.failed_codes) + (input.reason === 'wrong_codes' ? 1 : 0), emailed: send },
    ...(send
      ? {
          notice: 'sign_in_second_step_failed' as const,
          noticeLines: [
            `Someone who knows your password tried to sign in from ${address} at ${formatUtc(Number(challenge.password_checked_at ?? challenge.created_at))}.`,
            input.reason === 'wrong_codes'
              ? `They entered ${ALERT_AFTER_WRONG_CODES} wrong codes.`
              : 'They did not enter a code before the sign-in expired.',
          ],
        }
      : {}),
  });
}

/**
 * After a wrong answer at the second step of a sign-in (a 401 from a code, backup code or
 * temporary code): counts it on the challenge, atomically; the third one alerts the person.
 * Refusals that never looked at the answer (429) do not count.
 */
export async function noteWrongSecondStep(
  ctx: DomainContext,
  challenge: ChallengesTable,
  user: Pick<UsersTable, 'id' | 'company_id' | 'email' | 'name'>,
  origin: RequestOrigin,
  error: unknown,
): Promise<void> {
  if (!(error instanceof ApiError) || error.status !== 401) return;
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('challenges')
      .set((eb) => ({ failed_codes: eb('failed_codes', '+', 1) }))
      .where('id', '=', challenge.id)
      .returning('failed_codes')
      .executeTakeFirst();
    if (Number(row?.failed_codes) !== ALERT_AFTER_WRONG_CODES) return;
    await alert(tx, ctx, { user, challenge, reason: 'wrong_codes', at: now, clientAddress: origin.clientAddress ?? challenge.client_address });
  });
}

/**
 * Sweep: code sign-ins whose challenge expired unused, not looked at yet. Each is marked looked
 * at, once (conditional UPDATE, so two servers never alert twice), and alerts the person unless
 * the wrong codes of that sign-in already did. Answers how many were looked at.
 */
export async function alertExpiredSignIns(ctx: DomainContext, limit = 100): Promise<number> {
  const now = ctx.now();
  const expired = await ctx.db
    .selectFrom('challenges')
    .selectAll()
    .where('purpose', '=', 'code')
    .where('consumed_at', 'is', null)
    .where('alert_checked_at', 'is', null)
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  for (const challenge of expired) {
    await ctx.db.transaction().execute(async (tx) => {
      const claimed = await tx
        .updateTable('challenges')
        .set({ alert_checked_at: now })
        .where('id', '=', challenge.id)
        .where('alert_checked_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1 || Number(challenge.failed_codes) >= ALERT_AFTER_WRONG_CODES) return;
      const user = await findUser(tx, challenge.user_id);
      if (!user) return;
      await alert(tx, ctx, { user, challenge, reason: 'expired_unused', at: now, clientAddress: challenge.client_address });
    });
  }
  return expired.length;
}

/** Runs `alertExpiredSignIns` every `intervalMs` in the background until stopped. */
export function startSignInAlerts(ctx: DomainContext, onError: (error: unknown) => void, intervalMs = 60_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = alertExpiredSignIns(ctx).catch(onError);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

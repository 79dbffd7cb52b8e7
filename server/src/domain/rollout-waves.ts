import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import type { RolloutWavesTable, TwoFactorRolloutsTable } from '../db/rollout-tables.js';
import { renderRolloutReminder, renderRolloutSummary } from '../mail/rollout-texts.js';
import type { DomainContext } from './context.js';
import { inScope, keepsPlanDeadline, waveKeyPrefix } from './rollout-plan.js';

/**
 * Reminder waves and the deadline summary (SPEC §8), through the durable outbox.
 *
 * Exactly once per wave and person: a wave is claimed by one conditional UPDATE (`queued_at` from
 * null) in the same transaction that queues its emails, so a process killed before the commit
 * leaves the wave unqueued (the next run queues it whole) and two processes never both queue it;
 * each email's outbox key is `rollout:<waveId>:<userId>` (unique), and the outbox delivers each
 * row once (see mail-worker.ts). Recipients are chosen when the wave runs, so people who enrolled
 * since, or left the scope, drop out; a cancelled wave (the plan changed) is never claimed.
 */

/** A wave as the runner sees it. */
type DueWave = Pick<RolloutWavesTable, 'id' | 'rollout_id' | 'company_id' | 'kind' | 'due_at'>;

/** Queues every wave that is due at `ctx.now()`; answers how many emails were queued. */
export async function runDueWaves(ctx: DomainContext): Promise<number> {
  const now = ctx.now();
  const due = await ctx.db
    .selectFrom('rollout_waves')
    .select(['id', 'rollout_id', 'company_id', 'kind', 'due_at'])
    .where('queued_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .execute();
  let queued = 0;
  for (const wave of due) queued += await queueWave(ctx, wave, now);
  return queued;
}

async function queueWave(ctx: DomainContext, wave: DueWave, now: number): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('rollout_waves')
      .set({ queued_at: now })
      .where('id', '=', wave.id)
      .where('queued_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return 0;
    const plan = await tx.selectFrom('two_factor_rollouts').selectAll().where('id', '=', wave.rollout_id).executeTakeFirstOrThrow();
    const company = await tx.selectFrom('companies').select('name').where('id', '=', wave.company_id).executeTakeFirstOrThrow();
    const normalised = { ...plan, created_at: Number(plan.created_at), deadline: plan.deadline === null ? null : Number(plan.deadline), new_user_grace_days: Number(plan.new_user_grace_days) };
    const count =
      wave.kind === 'summary'
        ? await queueSummary(ctx, tx, wave, normalised, company.name)
        : await queueReminders(ctx, tx, wave, normalised, company.name, now);
    await tx.updateTable('rollout_waves').set({ recipients: count }).where('id', '=', wave.id).execute();
    ctx.logger.info({ waveId: wave.id, kind: wave.kind, recipients: count }, 'Rollout wave queued');
    return count;
  });
}

/**
 * Reminders go to each person in scope still without 2FA whose deadline is the plan's (a
 * newcomer with a later deadline of their own sees the reminder screen instead).
 */
async function queueReminders(
  ctx: DomainContext,
  tx: Executor<Database>,
  wave: DueWave,
  plan: TwoFactorRolloutsTable,
  companyName: string,
  now: number,
): Promise<number> {
  if (plan.deadline === null) return 0;
  const deadline = plan.deadline;
  let q = tx
    .selectFrom('users')
    .select(['id', 'email', 'role', 'created_at', 'two_factor_enabled_at', 'first_sign_in_at'])
    .where('company_id', '=', wave.company_id)
    .where('two_factor_enabled_at', 'is', null);
  if (plan.applies_to === 'administrators') q = q.where('role', '=', 'admin');
  const people = (await q.execute()).filter((p) => inScope(plan, p) && keepsPlanDeadline(plan, p));
  const mail = renderRolloutReminder({ companyName, deadline, at: now });
  return ctx.notifications.queueEach(tx, { keyPrefix: waveKeyPrefix(wave.id), kind: 'rollout_reminder', to: people, mail });
}

/** One summary to each administrator: who is enrolled and who is not, among the people in scope. */
async function queueSummary(
  ctx: DomainContext,
  tx: Executor<Database>,
  wave: DueWave,
  plan: TwoFactorRolloutsTable,
  companyName: string,
): Promise<number> {
  const people = await tx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'two_factor_enabled_at'])
    .where('company_id', '=', wave.company_id)
    .orderBy('email')
    .execute();
  const scoped = people.filter((p) => inScope(plan, p));
  const mail = renderRolloutSummary({
    companyName,
    deadline: Number(wave.due_at),
    enrolled: scoped.filter((p) => p.two_factor_enabled_at !== null),
    pending: scoped.filter((p) => p.two_factor_enabled_at === null),
  });
  const admins = people.filter((p) => p.role === 'admin');
  return ctx.notifications.queueEach(tx, { keyPrefix: waveKeyPrefix(wave.id), kind: 'rollout_summary', to: admins, mail });
}

/** Runs `runDueWaves` at start and every `intervalMs` in the background until stopped. */
export function startRolloutWaves(ctx: DomainContext, onError: (error: unknown) => void, intervalMs = 60_000): { stop(): Promise<void>; runNow(): Promise<number> } {
  let running: Promise<number> = Promise.resolve(0);
  let stopped = false;
  const run = () => {
    running = running.then(() => (stopped ? 0 : runDueWaves(ctx))).catch((error: unknown) => {
      onError(error);
      return 0;
    });
    return running;
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  void run();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    runNow: run,
  };
}

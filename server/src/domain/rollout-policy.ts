import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import type { TwoFactorRolloutsTable } from '../db/rollout-tables.js';
import type { UsersTable } from '../db/schema.js';
import type { Notifications } from '../mail/notifications.js';
import { auditPerson, recordEvent } from './audit.js';
import type { RequestOrigin } from './context.js';
import { activePlan, endPlan, insertPlan, plannedWaves } from './rollout-plan.js';
import type { PlanInput } from './rollout-plan.js';
import { iso, isoAt } from './time.js';

/** Whether the asked-for plan is the current one (absent fields: the defaults, or all absent: yes). */
function samePlan(current: TwoFactorRolloutsTable | undefined, asked: Partial<PlanInput>): boolean {
  if (asked.appliesTo === undefined && asked.graceDays === undefined && asked.newUserGraceDays === undefined) return true;
  if (!current) return false;
  return (
    current.applies_to === (asked.appliesTo ?? 'everyone') &&
    current.grace_days === (asked.graceDays ?? 0) &&
    current.new_user_grace_days === (asked.newUserGraceDays ?? 0)
  );
}

/**
 * The plan part of PUT /company/two-factor-policy, in the caller's transaction: `required` ends
 * the current plan (cancelling its waves not yet sent) and stores the new one with its waves,
 * unless 2FA was already required and the plan asked for is the current one (then it stays, with
 * its deadline); `optional` ends the current plan. Each change is an audit event. Answers the
 * plan in force (or null).
 */
export async function replacePlan(
  tx: Executor<Database>,
  notifications: Notifications<Database>,
  input: {
    admin: UsersTable;
    input: { twoFactorAtLogin: 'optional' | 'required' } & Partial<PlanInput>;
    now: number;
    origin: RequestOrigin;
    /** The company required 2FA before this change. */
    wasRequired: boolean;
  },
): Promise<TwoFactorRolloutsTable | null> {
  const { admin, now, origin } = input;
  const companyId = admin.company_id;
  if (input.wasRequired && input.input.twoFactorAtLogin === 'required') {
    const current = await activePlan(tx, companyId);
    if (samePlan(current, input.input)) return current ?? null;
  }
  const ended = await endPlan(tx, notifications, companyId, now);
  const base = { companyId, at: now, actor: auditPerson(admin), subject: null, clientAddress: origin.clientAddress };
  if (input.input.twoFactorAtLogin !== 'required') {
    if (ended) await recordEvent(tx, notifications, { ...base, type: 'company.rollout_ended', details: { rolloutId: ended.id } });
    return null;
  }
  const plan = await insertPlan(tx, {
    companyId,
    createdBy: admin.id,
    now,
    appliesTo: input.input.appliesTo ?? 'everyone',
    graceDays: input.input.graceDays ?? 0,
    newUserGraceDays: input.input.newUserGraceDays ?? 0,
  });
  await recordEvent(tx, notifications, {
    ...base,
    type: 'company.rollout_planned',
    details: {
      rolloutId: plan.id,
      appliesTo: plan.applies_to,
      graceDays: plan.grace_days,
      newUserGraceDays: plan.new_user_grace_days,
      deadline: iso(plan.deadline),
      waves: plannedWaves(plan.deadline, now).map((w) => ({ kind: w.kind, at: isoAt(w.dueAt) })),
      replaces: ended?.id ?? null,
    },
  });
  return plan;
}

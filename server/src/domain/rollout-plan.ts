import { randomUUID } from 'node:crypto';
import type { AppliesTo, RolloutPlan, RolloutState, UserRollout } from '@rms/shared';
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import type { RolloutWavesTable, TwoFactorRolloutsTable } from '../db/rollout-tables.js';
import type { CompaniesTable, UsersTable } from '../db/schema.js';
import type { Notifications } from '../mail/notifications.js';
import { iso, isoAt } from './time.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Reminder waves: this long before the deadline. */
export const REMINDER_WAVES: readonly { kind: RolloutWavesTable['kind']; before: number }[] = [
  { kind: 'reminder_7d', before: 7 * DAY_MS },
  { kind: 'reminder_1d', before: 1 * DAY_MS },
];

/** The plan as the policy asks for it. */
export interface PlanInput {
  appliesTo: AppliesTo;
  graceDays: number;
  newUserGraceDays: number;
}

/**
 * What a company's policy is for people without 2FA: nothing (optional), or a plan. A company that
 * requires 2FA without a stored plan (set before plans existed) has the seed's plan: everyone, at
 * the next sign-in.
 */
export type Policy = { required: false } | { required: true; plan: TwoFactorRolloutsTable };

function seedPlan(companyId: string): TwoFactorRolloutsTable {
  return {
    id: '',
    company_id: companyId,
    applies_to: 'everyone',
    grace_days: 0,
    new_user_grace_days: 0,
    deadline: null,
    created_at: 0,
    created_by: '',
    ended_at: null,
  };
}

function numeric(plan: TwoFactorRolloutsTable): TwoFactorRolloutsTable {
  return {
    ...plan,
    grace_days: Number(plan.grace_days),
    new_user_grace_days: Number(plan.new_user_grace_days),
    deadline: plan.deadline === null ? null : Number(plan.deadline),
    created_at: Number(plan.created_at),
  };
}

/** The current plan of a company, or undefined. */
export async function activePlan(db: Executor<Database>, companyId: string): Promise<TwoFactorRolloutsTable | undefined> {
  const row = await db
    .selectFrom('two_factor_rollouts')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return row && numeric(row);
}

/** The policy of a company whose `two_factor_at_login` is known. */
export async function policyOf(db: Executor<Database>, company: Pick<CompaniesTable, 'id' | 'two_factor_at_login'>): Promise<Policy> {
  if (company.two_factor_at_login !== 'required') return { required: false };
  return { required: true, plan: (await activePlan(db, company.id)) ?? seedPlan(company.id) };
}

/** The policy of a company by id. */
export async function companyPolicy(db: Executor<Database>, companyId: string): Promise<Policy> {
  const company = await db.selectFrom('companies').select(['id', 'two_factor_at_login']).where('id', '=', companyId).executeTakeFirst();
  return company ? policyOf(db, company) : { required: false };
}

type Person = Pick<UsersTable, 'role' | 'created_at' | 'two_factor_enabled_at' | 'first_sign_in_at'>;

/** Whether the plan applies to this person at all. */
export function inScope(plan: TwoFactorRolloutsTable, person: Pick<UsersTable, 'role'>): boolean {
  return plan.applies_to === 'everyone' || person.role === 'admin';
}

/** Created after the plan was made, with a newcomer's period to count from their first sign-in. */
export function isNewcomer(plan: TwoFactorRolloutsTable, person: Person): boolean {
  return plan.new_user_grace_days > 0 && Number(person.created_at) > plan.created_at;
}

/**
 * A person's deadline: the later of the plan's and, for a newcomer, their first sign-in plus the
 * newcomer's days. `firstSignIn` stands in for a newcomer who has not signed in yet (their period
 * starts now). null = none (held at once).
 */
export function personalDeadline(plan: TwoFactorRolloutsTable, person: Person, firstSignIn?: number): number | null {
  if (!isNewcomer(plan, person)) return plan.deadline;
  const first = person.first_sign_in_at ?? firstSignIn;
  if (first === undefined || first === null) return plan.deadline;
  const own = Number(first) + plan.new_user_grace_days * DAY_MS;
  return plan.deadline === null ? own : Math.max(plan.deadline, own);
}

/**
 * Whether the person's deadline is the plan's own (the reminder waves are timed for it): not a
 * newcomer, or a newcomer whose own period ends before it.
 */
export function keepsPlanDeadline(plan: TwoFactorRolloutsTable, person: Person): boolean {
  if (!isNewcomer(plan, person)) return true;
  if ((person.first_sign_in_at ?? null) === null) return false;
  return personalDeadline(plan, person) === plan.deadline;
}

/** Where a person stands (see RolloutState), and their deadline while due. */
export interface Standing {
  state: RolloutState;
  deadline: number | null;
}

/**
 * A person's standing under the policy at `now`. `signingInAt` counts a newcomer's first sign-in
 * that is happening now (their period starts with it).
 */
export function standing(policy: Policy, person: Person, now: number, signingInAt?: number): Standing {
  if (person.two_factor_enabled_at !== null) return { state: 'enabled', deadline: null };
  if (!policy.required) return { state: 'not_required', deadline: null };
  if (!inScope(policy.plan, person)) return { state: 'not_in_scope', deadline: null };
  const newcomerWaiting = isNewcomer(policy.plan, person) && (person.first_sign_in_at ?? null) === null && signingInAt === undefined;
  if (newcomerWaiting) return { state: 'due', deadline: null };
  const deadline = personalDeadline(policy.plan, person, signingInAt);
  if (deadline !== null && deadline > now) return { state: 'due', deadline };
  return { state: 'held', deadline: null };
}

/** The API's view of a person's standing. */
export function toUserRollout(s: Standing): UserRollout {
  return { state: s.state, deadline: iso(s.deadline) };
}

/**
 * A SQL condition on `users` for "in this state" under `policy` at `now` (the users table's
 * filter; the same rules as `standing`).
 */
export function stateCondition(eb: ExpressionBuilder<Database, 'users'>, policy: Policy, state: RolloutState, now: number) {
  const unenrolled = eb('users.two_factor_enabled_at', 'is', null);
  if (state === 'enabled') return eb('users.two_factor_enabled_at', 'is not', null);
  if (!policy.required) return state === 'not_required' ? unenrolled : eb.lit(false);
  const plan = policy.plan;
  const scoped = plan.applies_to === 'everyone' ? eb.lit(true) : eb('users.role', '=', 'admin');
  if (state === 'not_required') return eb.lit(false);
  if (state === 'not_in_scope') return eb.and([unenrolled, eb.not(scoped)]);
  const planRunning = plan.deadline !== null && plan.deadline > now;
  const newcomer = plan.new_user_grace_days > 0 ? eb('users.created_at', '>', plan.created_at) : eb.lit(false);
  // A newcomer is due until first sign-in + their days (or while the plan's own deadline runs).
  const newcomerDue = eb.or([
    eb('users.first_sign_in_at', 'is', null),
    eb('users.first_sign_in_at', '>', now - plan.new_user_grace_days * DAY_MS),
    eb.lit(planRunning),
  ]);
  const due = eb.or([eb.and([eb.not(newcomer), eb.lit(planRunning)]), eb.and([newcomer, newcomerDue])]);
  return eb.and([unenrolled, scoped, state === 'due' ? due : eb.not(due)]);
}

/** When the waves of a plan made at `now` with this deadline go: reminders still ahead, then the summary. */
export function plannedWaves(deadline: number | null, now: number): { kind: RolloutWavesTable['kind']; dueAt: number }[] {
  if (deadline === null) return [];
  const reminders = REMINDER_WAVES.map((w) => ({ kind: w.kind, dueAt: deadline - w.before })).filter((w) => w.dueAt > now);
  return [...reminders, { kind: 'summary', dueAt: deadline }];
}

/**
 * Ends the company's current plan (if any): its waves not yet queued are cancelled and the emails
 * of queued waves that have not gone out are withdrawn. Answers the ended plan.
 */
export async function endPlan(
  db: Executor<Database>,
  notifications: Notifications<Database>,
  companyId: string,
  now: number,
): Promise<TwoFactorRolloutsTable | undefined> {
  const plan = await activePlan(db, companyId);
  if (!plan) return undefined;
  await db.updateTable('two_factor_rollouts').set({ ended_at: now }).where('id', '=', plan.id).where('ended_at', 'is', null).execute();
  await db
    .updateTable('rollout_waves')
    .set({ cancelled_at: now })
    .where('rollout_id', '=', plan.id)
    .where('queued_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
  const queued = await db.selectFrom('rollout_waves').select('id').where('rollout_id', '=', plan.id).where('queued_at', 'is not', null).execute();
  for (const wave of queued) await notifications.cancelQueued(db, waveKeyPrefix(wave.id));
  return plan;
}

/** The outbox key prefix of a wave's emails (`rollout:<waveId>:<userId>`). */
export function waveKeyPrefix(waveId: string): string {
  return `rollout:${waveId}:`;
}

/** Stores a new plan and its waves (the caller has ended the previous one). */
export async function insertPlan(
  db: Executor<Database>,
  input: PlanInput & { companyId: string; createdBy: string; now: number },
): Promise<TwoFactorRolloutsTable> {
  const plan: TwoFactorRolloutsTable = {
    id: randomUUID(),
    company_id: input.companyId,
    applies_to: input.appliesTo,
    grace_days: input.graceDays,
    new_user_grace_days: input.newUserGraceDays,
    deadline: input.graceDays > 0 ? input.now + input.graceDays * DAY_MS : null,
    created_at: input.now,
    created_by: input.createdBy,
    ended_at: null,
  };
  await db.insertInto('two_factor_rollouts').values(plan).execute();
  const waves = plannedWaves(plan.deadline, input.now);
  if (waves.length) {
    await db
      .insertInto('rollout_waves')
      .values(
        waves.map((w) => ({
          id: randomUUID(),
          rollout_id: plan.id,
          company_id: input.companyId,
          kind: w.kind,
          due_at: w.dueAt,
          queued_at: null,
          cancelled_at: null,
          recipients: null,
        })),
      )
      .execute();
  }
  return plan;
}

/** The API's view of a plan: its settings, deadline and the waves still to come. */
export async function describePlan(db: Executor<Database>, plan: TwoFactorRolloutsTable): Promise<RolloutPlan> {
  const waves = plan.id
    ? await db
        .selectFrom('rollout_waves')
        .select('due_at')
        .where('rollout_id', '=', plan.id)
        .where('kind', '!=', 'summary')
        .where('queued_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .orderBy('due_at')
        .execute()
    : [];
  return {
    appliesTo: plan.applies_to,
    graceDays: plan.grace_days,
    newUserGraceDays: plan.new_user_grace_days,
    deadline: iso(plan.deadline),
    createdAt: isoAt(plan.created_at),
    reminders: waves.map((w) => isoAt(Number(w.due_at))),
  };
}

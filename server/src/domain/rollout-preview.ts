import type { PolicyPreview, PolicyPreviewQuery } from '@rms/shared';
import type { UsersTable } from '../db/schema.js';
import { requireAdmin } from './company-service.js';
import type { DomainContext } from './context.js';
import { DAY_MS, plannedWaves } from './rollout-plan.js';
import { iso, isoAt } from './time.js';

/** How many people the preview lists by name. */
export const PREVIEW_LIMIT = 100;

/**
 * GET /company/two-factor-policy/preview: what saving this policy now would do: who (in scope,
 * without 2FA) will be held at the deadline, when the reminders go, and the deadline. Changes nothing.
 */
export async function previewPolicy(ctx: DomainContext, admin: UsersTable, query: PolicyPreviewQuery): Promise<PolicyPreview> {
  requireAdmin(admin);
  if (query.twoFactorAtLogin !== 'required') return { affected: 0, users: [], reminders: [], deadline: null };
  const now = ctx.now();
  const deadline = query.graceDays > 0 ? now + query.graceDays * DAY_MS : null;
  let base = ctx.db.selectFrom('users').where('company_id', '=', admin.company_id).where('two_factor_enabled_at', 'is', null);
  if (query.appliesTo === 'administrators') base = base.where('role', '=', 'admin');
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const users = await base.select(['id', 'email', 'name', 'last_sign_in_at']).orderBy('email').limit(PREVIEW_LIMIT).execute();
  return {
    affected: Number(total.n),
    users: users.map((u) => ({ id: u.id, email: u.email, name: u.name, lastSignInAt: iso(u.last_sign_in_at) })),
    reminders: plannedWaves(deadline, now)
      .filter((w) => w.kind !== 'summary')
      .map((w) => isoAt(w.dueAt)),
    deadline: iso(deadline),
  };
}

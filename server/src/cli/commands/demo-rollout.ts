import type { Kysely } from 'kysely';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { Database } from '../../database.js';
import { createCompany, findCompanyByName } from '../../domain/companies.js';
import { activePlan, DAY_MS, insertPlan } from '../../domain/rollout-plan.js';
import { createUser } from '../../domain/users.js';

/** The second demo company: a 2FA rollout under way, so the users table shows every state. */
export const ROLLOUT_DEMO_COMPANY = 'Rollout Demo Co';

/** Its administrator's authenticator setup key: public on purpose (demo only), type it into an authenticator app. */
export const ROLLOUT_DEMO_SETUP_KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/**
 * The people of the rollout demo and their state as seeded: the plan requires 2FA of the
 * administrators, 14 days of grace that ended 2 days ago, 7 days for new people from their first
 * sign-in. `createdDaysAgo`/`firstSignInDaysAgo` place each person before or after the plan.
 */
export const ROLLOUT_DEMO_USERS = [
  { email: 'admin@rollout.example', name: 'Rae Rollout', role: 'admin', password: 'demo-rollout-admin', state: 'enabled', createdDaysAgo: 30, firstSignInDaysAgo: null },
  { email: 'held@rollout.example', name: 'Hal Held', role: 'admin', password: 'demo-rollout-held', state: 'held', createdDaysAgo: 30, firstSignInDaysAgo: null },
  { email: 'due@rollout.example', name: 'Dara Due', role: 'admin', password: 'demo-rollout-due', state: 'due', createdDaysAgo: 3, firstSignInDaysAgo: 2 },
  { email: 'tech@rollout.example', name: 'Theo Technician', role: 'user', password: 'demo-rollout-tech', state: 'not in scope', createdDaysAgo: 30, firstSignInDaysAgo: null },
] as const;

/** When the demo plan was made, relative to the seeding. */
const PLAN_DAYS_AGO = 16;

/**
 * Seeds the rollout demo company when missing (safe to repeat: existing people and an existing
 * plan are kept). The plan is written as history: its reminder waves are not sent.
 */
export async function seedRolloutDemo(db: Kysely<Database>, secrets: SecretBox, now: number, out: (line: string) => void): Promise<void> {
  const company =
    (await findCompanyByName(db, ROLLOUT_DEMO_COMPANY)) ?? (await createCompany(db, { name: ROLLOUT_DEMO_COMPANY, now: now - 30 * DAY_MS }));
  out(`Company "${company.name}" (a 2FA rollout for its administrators, 14 days that ended 2 days ago, 7 days for new people):`);
  for (const person of ROLLOUT_DEMO_USERS) {
    const existing = await db.selectFrom('users').select('id').where('email', '=', person.email).executeTakeFirst();
    if (!existing) {
      const row = await createUser(db, {
        companyId: company.id,
        email: person.email,
        name: person.name,
        role: person.role,
        password: person.password,
        now: now - person.createdDaysAgo * DAY_MS,
      });
      const firstSignIn = person.firstSignInDaysAgo === null ? null : now - person.firstSignInDaysAgo * DAY_MS;
      await db
        .updateTable('users')
        .set({
          first_sign_in_at: firstSignIn,
          last_sign_in_at: firstSignIn,
          ...(person.state === 'enabled'
            ? { two_factor_enabled_at: now - 20 * DAY_MS, totp_secret_enc: secrets.seal(ROLLOUT_DEMO_SETUP_KEY) }
            : {}),
        })
        .where('id', '=', row.id)
        .execute();
    }
    const key = person.state === 'enabled' ? `  setup key: ${ROLLOUT_DEMO_SETUP_KEY}` : '';
    out(`  ${person.role.padEnd(5)}  ${person.email.padEnd(22)}  password: ${person.password}  state: ${person.state}${key}  (${existing ? 'existing' : 'created'})`);
  }
  if (!(await activePlan(db, company.id))) {
    const admin = await db.selectFrom('users').select('id').where('email', '=', ROLLOUT_DEMO_USERS[0].email).executeTakeFirstOrThrow();
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('companies').set({ two_factor_at_login: 'required' }).where('id', '=', company.id).execute();
      const plan = await insertPlan(tx, {
        companyId: company.id,
        createdBy: admin.id,
        now: now - PLAN_DAYS_AGO * DAY_MS,
        appliesTo: 'administrators',
        graceDays: 14,
        newUserGraceDays: 7,
      });
      // History, not news: the demo's waves (and the summary) are not sent.
      await tx.deleteFrom('rollout_waves').where('rollout_id', '=', plan.id).execute();
    });
  }
}

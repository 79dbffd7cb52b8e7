import { createCompany, findCompanyByName } from '../../domain/companies.js';
import { createUser } from '../../domain/users.js';
import { secretBoxFromConfig } from '../../crypto/secret-box.js';
import { cliConfig, describeDatabase, withDatabase } from '../open-cli-database.js';
import { seedRolloutDemo } from './demo-rollout.js';

/** The demo company's people and their (public, demo-only) passwords. */
export const DEMO_COMPANY = 'Demo Co';
/** Demo accounts; the passwords are published on purpose: never use `demo` on a real deployment. */
export const DEMO_USERS = [
  { email: 'admin@demo.example', name: 'Ada Admin', role: 'admin', password: 'demo-admin-password' },
  { email: 'tech1@demo.example', name: 'Tom Technician', role: 'user', password: 'demo-tech1-password' },
  { email: 'tech2@demo.example', name: 'Tia Technician', role: 'user', password: 'demo-tech2-password' },
  { email: 'qa@demo.example', name: 'Quinn QA', role: 'user', password: 'demo-qa-password' },
] as const;

/** `demo`: seeds Demo Co and its users, and the rollout demo company, when missing (safe to repeat) and prints how to sign in. */
export async function demoCommand(opts: { data?: string }, out: (line: string) => void): Promise<void> {
  const config = cliConfig(opts.data);
  await withDatabase(config, async (db) => {
    const company = (await findCompanyByName(db, DEMO_COMPANY)) ?? (await createCompany(db, { name: DEMO_COMPANY }));
    out(`Demo data in ${describeDatabase(config)} — company "${company.name}":`);
    for (const person of DEMO_USERS) {
      const existing = await db.selectFrom('users').select(['id', 'company_id']).where('email', '=', person.email).executeTakeFirst();
      if (!existing) {
        await createUser(db, { companyId: company.id, email: person.email, name: person.name, role: person.role, password: person.password });
      }
      const state = existing ? 'existing' : 'created';
      out(`  ${person.role.padEnd(5)}  ${person.email.padEnd(20)}  password: ${person.password}  (${state})`);
    }
    await seedRolloutDemo(db, secretBoxFromConfig(config), Date.now(), out);
    out('Demo passwords are public: use them only on a test server. Existing accounts keep the password they have.');
  });
}

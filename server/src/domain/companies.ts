import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { CompaniesTable } from '../db/schema.js';

/** Creates a company (2FA optional at first). Throws a readable error when the name is taken. */
export async function createCompany(
  db: Kysely<Database>,
  input: { name: string; now?: number },
): Promise<CompaniesTable> {
  const name = input.name.trim();
  if (!name) throw new Error('A company needs a name.');
  const existing = await db.selectFrom('companies').select('id').where('name', '=', name).executeTakeFirst();
  if (existing) throw new Error(`A company named "${name}" already exists.`);
  const row: CompaniesTable = {
    id: randomUUID(),
    name,
    two_factor_at_login: 'optional',
    verify_email_before_enrollment: 0,
    created_at: input.now ?? Date.now(),
  };
  await db.insertInto('companies').values(row).execute();
  return row;
}

/** Finds a company by its exact name. */
export async function findCompanyByName(db: Kysely<Database>, name: string): Promise<CompaniesTable | undefined> {
  return db.selectFrom('companies').selectAll().where('name', '=', name.trim()).executeTakeFirst();
}

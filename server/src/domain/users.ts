import { randomUUID } from 'node:crypto';
import type { User } from '@rms/shared';
import type { Kysely } from 'kysely';
import { hashPassword } from '../crypto/passwords.js';
import type { Database } from '../database.js';
import type { Executor } from '../db/executor.js';
import type { UsersTable } from '../db/schema.js';
import { TWO_FACTOR_CLEARED } from './reset-two-factor.js';
import { iso } from './time.js';

/** Input of `createUser`. */
export interface NewUser {
  companyId: string;
  email: string;
  name: string;
  role: 'admin' | 'user';
  password: string;
  now?: number;
}

/** Creates a user with an argon2id password hash. Emails are stored lowercased and unique. */
export async function createUser(db: Kysely<Database>, input: NewUser): Promise<UsersTable> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`"${input.email}" is not an email address.`);
  if (input.password.length < 8) throw new Error('The password must be at least 8 characters long.');
  const company = await db.selectFrom('companies').select('id').where('id', '=', input.companyId).executeTakeFirst();
  if (!company) throw new Error('That company does not exist.');
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw new Error(`A user with the email ${email} already exists.`);
  const row: UsersTable = {
    id: randomUUID(),
    company_id: input.companyId,
    email,
    name: input.name.trim() || email,
    role: input.role,
    password_hash: await hashPassword(input.password),
    ...TWO_FACTOR_CLEARED,
    last_sign_in_at: null,
    created_at: input.now ?? Date.now(),
    sign_in_locked_at: null,
  };
  await db.insertInto('users').values(row).execute();
  return row;
}

/** Loads a user by id, or undefined. */
export function findUser(db: Executor<Database>, id: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The columns of a user row that the API's view of the user (`toApiUser`) reads. */
export const API_USER_COLUMNS = ['id', 'email', 'name', 'role', 'company_id', 'two_factor_enabled_at', 'backup_code_created_at'] as const;

/** A user row with the columns of the API's view (a session answer names its user with it). */
export type ApiUserRow = Pick<UsersTable, (typeof API_USER_COLUMNS)[number]>;

/** The API's view of a user. */
export function toApiUser(row: ApiUserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    companyId: row.company_id,
    twoFactor: {
      enabled: row.two_factor_enabled_at !== null,
      enabledAt: iso(row.two_factor_enabled_at),
      backupCodeCreatedAt: iso(row.backup_code_created_at),
    },
  };
}

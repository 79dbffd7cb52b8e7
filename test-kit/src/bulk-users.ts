import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '@rms/server/database';
import { hashPassword, TWO_FACTOR_CLEARED } from '@rms/server/seeding';
import type { SecretBox, UsersTable } from '@rms/server/seeding';

let sharedHash: Promise<string> | null = null;

/** The password every bulk user has, and its one precomputed argon2id hash. */
export const BULK_PASSWORD = 'bulk-user-password';

/** One argon2id hash of BULK_PASSWORD, computed once per process. */
export function bulkPasswordHash(): Promise<string> {
  sharedHash ??= hashPassword(BULK_PASSWORD);
  return sharedHash;
}

/** Options of `insertBulkUsers`. */
export interface BulkUsers {
  companyId: string;
  count: number;
  /** Email prefix (`<prefix><n>@example.test`). */
  prefix: string;
  now: number;
  /** With a secret box and a secret per user, the users get 2FA on with that secret. */
  twoFactor?: { secrets: SecretBox; secretOf: (index: number) => string };
}

/** Inserts many users in a few multi-row INSERTs (one shared password hash, no argon2 per user). */
export async function insertBulkUsers(db: Kysely<Database>, input: BulkUsers): Promise<UsersTable[]> {
  const hash = await bulkPasswordHash();
  const rows: UsersTable[] = Array.from({ length: input.count }, (_, i) => ({
    id: randomUUID(),
    company_id: input.companyId,
    email: `${input.prefix}${i}@example.test`,
    name: `Bulk ${i}`,
    role: 'user',
    password_hash: hash,
    ...TWO_FACTOR_CLEARED,
    two_factor_enabled_at: input.twoFactor ? input.now : null,
    totp_secret_enc: input.twoFactor ? input.twoFactor.secrets.seal(input.twoFactor.secretOf(i)) : null,
    last_sign_in_at: null,
    created_at: input.now,
    sign_in_locked_at: null,
  }));
  // 500 rows × 21 columns stays under SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('users').values(rows.slice(i, i + 500)).execute();
  return rows;
}

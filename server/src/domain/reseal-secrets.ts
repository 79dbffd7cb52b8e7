import type { Kysely } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Database } from '../database.js';

/** The sealed columns of `users` that `secrets reseal` rewrites. */
export const SEALED_USER_COLUMNS = ['totp_secret_enc', 'pending_secret_enc'] as const;

/** What a re-seal run did: `total` sealed values seen, `resealed` rewritten, `current` already under the current key, `changed` skipped because the row changed meanwhile. */
export interface ResealResult {
  total: number;
  resealed: number;
  current: number;
  changed: number;
}

/**
 * Re-seals every sealed `users` column not sealed with the current key, `batchSize` rows at a time
 * (keyset paging by id). Each row is updated only if its value is still the one read (conditional
 * UPDATE), so a concurrent enrollment or reset is never overwritten; running it again is harmless.
 */
export async function resealSecrets(db: Kysely<Database>, box: SecretBox, batchSize = 200): Promise<ResealResult> {
  const result: ResealResult = { total: 0, resealed: 0, current: 0, changed: 0 };
  for (const column of SEALED_USER_COLUMNS) {
    let after = '';
    for (;;) {
      const rows = await db
        .selectFrom('users')
        .select(['id', column])
        .where(column, 'is not', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(batchSize)
        .execute();
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      const stale = rows.flatMap((row) => {
        const sealed = row[column];
        if (sealed === null) return [];
        result.total += 1;
        if (!box.needsResealing(sealed)) {
          result.current += 1;
          return [];
        }
        return [{ id: row.id, sealed, resealed: box.seal(box.open(sealed)) }];
      });
      if (stale.length === 0) continue;
      await db.transaction().execute(async (trx) => {
        for (const row of stale) {
          const update = await trx
            .updateTable('users')
            .set({ [column]: row.resealed })
            .where('id', '=', row.id)
            .where(column, '=', row.sealed)
            .executeTakeFirst();
          if (Number(update.numUpdatedRows) === 1) result.resealed += 1;
          else result.changed += 1;
        }
      });
    }
  }
  return result;
}

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/database.js';

/** Tables a rejected API call must leave alone (mail tables included when they exist). */
const TABLES = ['companies', 'users', 'challenges', 'sessions', 'login_attempts', 'audit_events', 'campaigns', 'outbox'] as const;

/**
 * Columns that belong to the throttles: a counted wrong code or password legitimately changes them
 * (the account's code throttle, and a sign-in's own count of wrong answers, which raises the
 * failed-second-step alert at 3).
 */
const THROTTLE_COLUMNS = new Set(['failed_code_attempts', 'code_next_allowed_at', 'locked_until', 'failed_codes']);

/** Row count and content hash of one table. */
export interface TableDigest {
  rows: number;
  hash: string;
}

/** Per-table digests of the whole database: all columns, and without the throttle state. */
export interface DbSnapshot {
  full: Record<string, TableDigest>;
  withoutThrottle: Record<string, TableDigest>;
}

function stableRow(row: Record<string, unknown>, skipThrottle: boolean): string {
  const keys = Object.keys(row)
    .filter((k) => !(skipThrottle && THROTTLE_COLUMNS.has(k)))
    .sort();
  return JSON.stringify(keys.map((k) => [k, row[k] === null || row[k] === undefined ? null : String(row[k])]));
}

function digest(lines: string[]): TableDigest {
  return { rows: lines.length, hash: createHash('sha256').update(lines.sort().join('\n')).digest('hex') };
}

/**
 * Digests every table (rows sorted by content, so the engine's row order does not matter), once
 * with every column and once without the throttle columns and the password-attempt table.
 */
export async function snapshotDatabase(db: Kysely<Database>): Promise<DbSnapshot> {
  const out: DbSnapshot = { full: {}, withoutThrottle: {} };
  for (const table of TABLES) {
    let rows: Record<string, unknown>[];
    try {
      rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    } catch {
      continue; // table not there (mail subsystem not migrated in this build)
    }
    out.full[table] = digest(rows.map((r) => stableRow(r, false)));
    if (table !== 'login_attempts') out.withoutThrottle[table] = digest(rows.map((r) => stableRow(r, true)));
  }
  return out;
}

/**
 * Clears every throttle so the next fuzz case reaches the code path again (test-only shortcut); the
 * sign-ins' counts of wrong answers too, so refused cases never add up to the failed-second-step
 * alert (an email and an audit event by design, pinned by its own suite).
 */
export async function clearThrottles(db: Kysely<Database>): Promise<void> {
  await db.updateTable('users').set({ failed_code_attempts: 0, code_next_allowed_at: null, locked_until: null }).execute();
  await db.updateTable('challenges').set({ failed_codes: 0 }).execute();
  await db.deleteFrom('login_attempts').execute();
}

/** Waits (at most `timeoutMs`) until the outbox has nothing pending or in delivery, so it stays still during a snapshot comparison. */
export async function settleOutbox(db: Kysely<Database>, drain: () => Promise<void>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await drain();
    const row = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirst()
      .catch(() => ({ n: 0 }));
    if (Number(row?.n ?? 0) === 0) return;
    if (Date.now() > deadline) throw new Error('The outbox did not settle in time.');
    await new Promise((r) => setTimeout(r, 50));
  }
}

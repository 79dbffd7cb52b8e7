import { sql } from 'kysely';
import type { Kysely, QueryCreator } from 'kysely';
import type { Database } from '../database.js';
import { preparedQuery } from '../db/prepared-query.js';
import type { UsersTable } from '../db/schema.js';
import { retryLater } from './api-error.js';
import { auditPerson, recordEvent } from './audit.js';
import type { DomainContext, RequestOrigin } from './context.js';

/** Consecutive failures before a delay applies. */
export const FREE_CODE_ATTEMPTS = 5;
/** Consecutive failures that lock the account. */
export const LOCK_AFTER_FAILURES = 100;
/** How long a lock lasts unless an administrator frees it. */
export const LOCK_MS = 60 * 60 * 1000;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60 * 1000;

/** Delay after the n-th consecutive failure: 30 s at the 5th, doubling, at most 15 min. */
export function delayAfterFailures(n: number): number {
  if (n < FREE_CODE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (n - FREE_CODE_ATTEMPTS));
}

/** Failure count from which the delay is at its maximum. */
const MAX_DELAY_FROM = (() => {
  let n = FREE_CODE_ATTEMPTS;
  while (delayAfterFailures(n) < MAX_DELAY_MS) n += 1;
  return n;
})();

/** `now` plus a fixed delay, as a BIGINT (epoch milliseconds overflow PostgreSQL's integer). */
const after = (now: number, delayMs: number) => sql<number>`CAST(${now} AS BIGINT) + ${sql.lit(delayMs)}`;

/**
 * The reservation's UPDATE of the users row(s) the caller picks (`where`): counts the attempt as a
 * failure and sets the delay/lock that count implies, only while no delay or lock is active. The
 * delay of each failure count is a literal, `now` the one argument. The prepared statement below,
 * and the code sign-in's first statement on PostgreSQL (with its challenge).
 */
export function codeAttemptReserved(qc: QueryCreator<Database>, a: { now: number }) {
  const cases = [sql`WHEN failed_code_attempts + 1 >= ${sql.lit(MAX_DELAY_FROM)} THEN ${after(a.now, MAX_DELAY_MS)}`];
  for (let n = MAX_DELAY_FROM - 1; n >= FREE_CODE_ATTEMPTS; n -= 1) {
    cases.push(sql`WHEN failed_code_attempts + 1 = ${sql.lit(n)} THEN ${after(a.now, delayAfterFailures(n))}`);
  }
  return qc
    .updateTable('users')
    .set({
      failed_code_attempts: sql<number>`failed_code_attempts + 1`,
      code_next_allowed_at: sql<number | null>`CASE ${sql.join(cases, sql` `)} ELSE NULL END`,
      locked_until: sql<number | null>`CASE WHEN failed_code_attempts + 1 >= ${sql.lit(LOCK_AFTER_FAILURES)} THEN ${after(a.now, LOCK_MS)} ELSE locked_until END`,
    })
    .where((eb) => eb.or([eb('code_next_allowed_at', 'is', null), eb('code_next_allowed_at', '<=', a.now)]))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', a.now)]));
}

const reserveAttempt = preparedQuery((db: Kysely<Database>, a: { userId: string; now: number }) =>
  codeAttemptReserved(db, a).where('id', '=', a.userId).returning('failed_code_attempts'),
);

/**
 * Reserves one code attempt for the user, atomically: a single conditional UPDATE counts the
 * attempt as a failure and sets the delay/lock that count implies, only while no delay or lock is
 * active. Concurrent attempts therefore count exactly. Returns the new failure count, or throws
 * 429 (`too_many_attempts` / `account_locked`) without the code being looked at.
 */
export async function reserveCodeAttempt(ctx: DomainContext, userId: string): Promise<number> {
  const now = ctx.now();
  const [row] = (await reserveAttempt.execute(ctx.db, { userId, now })).rows;
  if (row) return Number(row.failed_code_attempts);
  const user = await ctx.db
    .selectFrom('users')
    .select(['locked_until', 'code_next_allowed_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (user?.locked_until && Number(user.locked_until) > now) throw retryLater('account_locked', Number(user.locked_until), now);
  throw retryLater('too_many_attempts', Number(user?.code_next_allowed_at ?? now + 1000), now);
}

/** After a failed attempt: when that failure locked the account, audits it and emails the user. */
export async function noteCodeFailure(
  ctx: DomainContext,
  user: Pick<UsersTable, 'id' | 'company_id' | 'email' | 'name'>,
  failures: number,
  origin: RequestOrigin,
): Promise<void> {
  if (failures < LOCK_AFTER_FAILURES) return;
  const at = ctx.now();
  await ctx.db.transaction().execute((tx) =>
    recordEvent(tx, ctx.notifications, {
      type: 'auth.account_locked',
      companyId: user.company_id,
      at,
      actor: null,
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      details: { failures, lockedUntil: new Date(at + LOCK_MS).toISOString() },
      notice: 'account_locked',
    }),
  );
}

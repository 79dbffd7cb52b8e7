import ipaddr from 'ipaddr.js';
import { sql } from 'kysely';
import type { Kysely, QueryCreator } from 'kysely';
import { retryLater } from './api-error.js';
import type { Database } from '../database.js';
import type { LoginAttemptsTable } from '../db/schema.js';
import type { Executor } from '../db/executor.js';
import { preparedQuery } from '../db/prepared-query.js';
import type { DomainContext } from './context.js';

/** Password attempts allowed per (account, client address) per window (IPv6 addresses count per /64). */
export const LOGIN_PER_PAIR = 10;
/** Password attempts allowed per client address per window (IPv6 addresses count per /64). */
export const LOGIN_PER_ADDRESS = 100;
/** Window of the password throttle. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/**
 * The network a client address is counted under: an IPv4 address as itself, an IPv6 address as
 * its /64 (one subscriber or host usually holds a whole /64 and can rotate through it at will),
 * an IPv4-mapped IPv6 address as the IPv4 address it carries.
 */
export function throttleNetwork(clientAddress: string | null): string {
  if (!clientAddress) return 'unknown';
  const bare = clientAddress.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return clientAddress;
  const parsed = ipaddr.process(bare);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const bytes = parsed.toByteArray().slice(0, 8).concat([0, 0, 0, 0, 0, 0, 0, 0]);
  return `${ipaddr.fromByteArray(bytes).toString()}/64`;
}

/** The two counters a password attempt is counted under: (account, network) and the network. */
export interface AttemptKeys {
  pair: string;
  address: string;
}

/** The counters of an attempt for `email` from `clientAddress` (computed once per request: reserve and refund share them). */
export function attemptKeys(email: string, clientAddress: string | null): AttemptKeys {
  const address = throttleNetwork(clientAddress);
  return { pair: `pair:${email.toLowerCase()}|${address}`, address: `addr:${address}` };
}

/** Counts one attempt under `key` in a fixed window of LOGIN_WINDOW_MS (upsert, atomic); answers the count and the window start. */
export async function bump(ctx: DomainContext, key: string, now: number): Promise<{ count: number; windowStart: number }> {
  const [row] = (await countAttempt.execute(ctx.db, { key, now, expired: now - LOGIN_WINDOW_MS })).rows;
  if (!row) throw new Error('The login throttle did not count the attempt.');
  return { count: Number(row.count), windowStart: Number(row.window_start) };
}

/** The upsert's update of a counter that exists: a new window once the old one ended, else one more. */
function bumped(a: { now: number; expired: number }) {
  return {
    count: sql<number>`CASE WHEN login_attempts.window_start <= CAST(${a.expired} AS BIGINT) THEN 1 ELSE login_attempts.count + 1 END`,
    window_start: sql<number>`CASE WHEN login_attempts.window_start <= CAST(${a.expired} AS BIGINT) THEN CAST(${a.now} AS BIGINT) ELSE login_attempts.window_start END`,
  };
}

const countAttempt = preparedQuery((db: Kysely<Database>, a: { key: string; now: number; expired: number }) =>
  db
    .insertInto('login_attempts')
    .values({ key: a.key, window_start: a.now, count: 1 })
    .onConflict((oc) => oc.column('key').doUpdateSet(bumped(a)))
    .returning(['count', 'window_start']),
);

/** A counter after an attempt was counted. */
interface Counted {
  count: number;
  windowStart: number;
}

/** 429 `too_many_attempts` when the address's window is full, else when the pair's is (the pair was not counted then). */
function refuseWhenFull(address: Counted, pair: Counted | null, now: number): void {
  if (address.count > LOGIN_PER_ADDRESS) throw retryLater('too_many_attempts', address.windowStart + LOGIN_WINDOW_MS, now);
  if (!pair) throw new Error('The login throttle did not count the attempt.');
  if (pair.count > LOGIN_PER_PAIR) throw retryLater('too_many_attempts', pair.windowStart + LOGIN_WINDOW_MS, now);
}

/**
 * Counts one password attempt for (email, address) and for the address, atomically (upsert),
 * and throws 429 `too_many_attempts` when either window is full. Never account-wide: someone
 * typing a victim's email from elsewhere cannot lock the victim out.
 */
export async function reserveLoginAttempt(ctx: DomainContext, keys: AttemptKeys): Promise<void> {
  const now = ctx.now();
  const args = countingArgs(keys, now);
  if (ctx.engine === 'postgres') {
    const [counts] = (await countOnly.execute(ctx.db, args)).rows;
    if (!counts) throw new Error('The login throttle did not count the attempt.');
    refuseOverLimit(counts, now);
    return;
  }
  const rows = (await countBoth.execute(ctx.db, args)).rows;
  const counted = (key: string) => {
    const row = rows.find((r) => r.key === key);
    return row ? { count: Number(row.count), windowStart: Number(row.window_start) } : null;
  };
  const address = counted(keys.address);
  if (!address) throw new Error('The login throttle did not count the attempt.');
  refuseWhenFull(address, counted(keys.pair), now);
}

/**
 * SQLite: both counts in one upsert (one statement, one commit): the address's row, and the
 * pair's only when the address's count after this attempt stays within its limit, worked out from
 * the address's row as it was before the statement (SQLite reads the rows an INSERT ... SELECT
 * inserts before it writes any when the SELECT reads the same table, and the write lock is held
 * from the statement's start). The same counts as the address's upsert followed, below the limit,
 * by the pair's.
 */
const countBoth = preparedQuery((db: Kysely<Database>, a: CountingArgs) =>
  db
    .insertInto('login_attempts')
    .columns(['key', 'window_start', 'count'])
    .expression(
      sql<LoginAttemptsTable>`SELECT attempt.key, CAST(${a.now} AS BIGINT), 1 FROM (SELECT CAST(${a.addressKey} AS TEXT) AS key, 0 AS is_pair UNION ALL SELECT CAST(${a.pairKey} AS TEXT), 1) AS attempt WHERE attempt.is_pair = 0 OR COALESCE((SELECT CASE WHEN earlier.window_start <= CAST(${a.expired} AS BIGINT) THEN 1 ELSE earlier.count + 1 END FROM login_attempts AS earlier WHERE earlier.key = CAST(${a.addressKey} AS TEXT)), 1) <= ${LOGIN_PER_ADDRESS}`,
    )
    .onConflict((oc) => oc.column('key').doUpdateSet(bumped(a)))
    .returning(['key', 'count', 'window_start']),
);

/** PostgreSQL: `countingAttempt` alone (password change). */
const countOnly = preparedQuery((db: Kysely<Database>, a: CountingArgs) =>
  countingAttempt(db, a)
    .selectFrom('address_attempt')
    .leftJoin('pair_attempt', (join) => join.onTrue())
    .select([
      'address_attempt.count as address_count',
      'address_attempt.window_start as address_window_start',
      'pair_attempt.count as pair_count',
      'pair_attempt.window_start as pair_window_start',
    ]),
);

/** After a correct password: forget the pair's failures and give the address its attempt back (in the caller's transaction). */
export async function refundLoginAttempt(db: Executor<Database>, keys: AttemptKeys): Promise<void> {
  await forgetPair.execute(db, { key: keys.pair });
  await giveBackAttempt.execute(db, { key: keys.address });
}

/** The refund's first half: the pair's failures are forgotten. */
function pairForgotten(qc: QueryCreator<Database>, pairKey: string) {
  return qc.deleteFrom('login_attempts').where('key', '=', pairKey);
}

/** The refund's second half: the address gets its attempt back. */
function attemptGivenBack(qc: QueryCreator<Database>, addressKey: string) {
  return qc
    .updateTable('login_attempts')
    .set({ count: sql<number>`CASE WHEN count > 0 THEN count - 1 ELSE 0 END` })
    .where('key', '=', addressKey);
}

/** What `countingAttempt` adds to a statement's arguments. */
export interface CountingArgs {
  addressKey: string;
  pairKey: string;
  now: number;
  expired: number;
}

/** The arguments of `countingAttempt` for an attempt now. */
export function countingArgs(keys: AttemptKeys, now: number): CountingArgs {
  return { addressKey: keys.address, pairKey: keys.pair, now, expired: now - LOGIN_WINDOW_MS };
}

/**
 * PostgreSQL: `reserveLoginAttempt`'s two counts as the common table expressions `address_attempt`
 * and `pair_attempt` of the statement built on the answer, so that counting and what the statement
 * reads are one round trip. The same upserts in the same order: the address first, the pair only
 * when the address's window is not full (`pair_attempt` is then empty). Check the counts the
 * statement returns with `refuseOverLimit`.
 */
export function countingAttempt(db: Kysely<Database>, a: CountingArgs) {
  return db
    .with('address_attempt', (qc) =>
      qc
        .insertInto('login_attempts')
        .values({ key: a.addressKey, window_start: a.now, count: 1 })
        .onConflict((oc) => oc.column('key').doUpdateSet(bumped(a)))
        .returning(['count', 'window_start']),
    )
    .with('pair_attempt', (qc) =>
      qc
        .insertInto('login_attempts')
        .columns(['key', 'window_start', 'count'])
        .expression((eb) =>
          eb
            .selectFrom('address_attempt')
            .select([sql<string>`CAST(${a.pairKey} AS TEXT)`.as('key'), sql<number>`CAST(${a.now} AS BIGINT)`.as('window_start'), sql<number>`1`.as('count')])
            .where('address_attempt.count', '<=', LOGIN_PER_ADDRESS),
        )
        .onConflict((oc) => oc.column('key').doUpdateSet(bumped(a)))
        .returning(['count', 'window_start']),
    );
}

/** The counts a `countingAttempt` statement selected (`pair_*` null when the address was full). */
export interface AttemptCounts {
  address_count: number;
  address_window_start: number;
  pair_count: number | null;
  pair_window_start: number | null;
}

/** Throws 429 `too_many_attempts` as `reserveLoginAttempt` would for the counts of a `countingAttempt`. */
export function refuseOverLimit(counts: AttemptCounts, now: number): void {
  const pair = counts.pair_count === null || counts.pair_window_start === null ? null : { count: Number(counts.pair_count), windowStart: Number(counts.pair_window_start) };
  refuseWhenFull({ count: Number(counts.address_count), windowStart: Number(counts.address_window_start) }, pair, now);
}

/**
 * PostgreSQL: `refundLoginAttempt` as the common table expressions `forgotten_pair` and
 * `given_back` of the statement built on the answer (what the correct password opens), which then
 * commits with it: one round trip and one commit instead of a transaction of four statements.
 */
export function refundingAttempt(db: Kysely<Database>, a: { addressKey: string; pairKey: string }) {
  return db
    .with('forgotten_pair', (qc) => pairForgotten(qc as unknown as QueryCreator<Database>, a.pairKey))
    .with('given_back', (qc) => attemptGivenBack(qc as unknown as QueryCreator<Database>, a.addressKey));
}

const forgetPair = preparedQuery((db: Kysely<Database>, a: { key: string }) => pairForgotten(db, a.key));

const giveBackAttempt = preparedQuery((db: Kysely<Database>, a: { key: string }) => attemptGivenBack(db, a.key));

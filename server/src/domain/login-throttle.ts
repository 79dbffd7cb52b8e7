import ipaddr from 'ipaddr.js';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { retryLater } from './api-error.js';
import type { Database } from '../database.js';
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

function keys(email: string, clientAddress: string | null) {
  const address = throttleNetwork(clientAddress);
  return { pair: `pair:${email.toLowerCase()}|${address}`, address: `addr:${address}` };
}

/** Counts one attempt under `key` in a fixed window of LOGIN_WINDOW_MS (upsert, atomic); answers the count and the window start. */
export async function bump(ctx: DomainContext, key: string, now: number): Promise<{ count: number; windowStart: number }> {
  const [row] = (await countAttempt.execute(ctx.db, { key, now, expired: now - LOGIN_WINDOW_MS })).rows;
  if (!row) throw new Error('The login throttle did not count the attempt.');
  return { count: Number(row.count), windowStart: Number(row.window_start) };
}

const countAttempt = preparedQuery((db: Kysely<Database>, a: { key: string; now: number; expired: number }) =>
  db
    .insertInto('login_attempts')
    .values({ key: a.key, window_start: a.now, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`CASE WHEN login_attempts.window_start <= CAST(${a.expired} AS BIGINT) THEN 1 ELSE login_attempts.count + 1 END`,
        window_start: sql<number>`CASE WHEN login_attempts.window_start <= CAST(${a.expired} AS BIGINT) THEN CAST(${a.now} AS BIGINT) ELSE login_attempts.window_start END`,
      }),
    )
    .returning(['count', 'window_start']),
);

/**
 * Counts one password attempt for (email, address) and for the address, atomically (upsert),
 * and throws 429 `too_many_attempts` when either window is full. Never account-wide: someone
 * typing a victim's email from elsewhere cannot lock the victim out.
 */
export async function reserveLoginAttempt(ctx: DomainContext, email: string, clientAddress: string | null): Promise<void> {
  const now = ctx.now();
  const k = keys(email, clientAddress);
  const address = await bump(ctx, k.address, now);
  if (address.count > LOGIN_PER_ADDRESS) throw retryLater('too_many_attempts', address.windowStart + LOGIN_WINDOW_MS, now);
  const pair = await bump(ctx, k.pair, now);
  if (pair.count > LOGIN_PER_PAIR) throw retryLater('too_many_attempts', pair.windowStart + LOGIN_WINDOW_MS, now);
}

/** After a correct password: forget the pair's failures and give the address its attempt back (in the caller's transaction). */
export async function refundLoginAttempt(db: Executor<Database>, email: string, clientAddress: string | null): Promise<void> {
  const k = keys(email, clientAddress);
  await forgetPair.execute(db, { key: k.pair });
  await giveBackAttempt.execute(db, { key: k.address });
}

const forgetPair = preparedQuery((db: Kysely<Database>, a: { key: string }) => db.deleteFrom('login_attempts').where('key', '=', a.key));

const giveBackAttempt = preparedQuery((db: Kysely<Database>, a: { key: string }) =>
  db
    .updateTable('login_attempts')
    .set({ count: sql<number>`CASE WHEN count > 0 THEN count - 1 ELSE 0 END` })
    .where('key', '=', a.key),
);

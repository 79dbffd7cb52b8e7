import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import type { Database } from '../src/database.js';
import { preparedQuery } from '../src/db/prepared-query.js';

// The hot sign-in queries are compiled once and only their parameters change per call: each call
// must run with its own arguments (never the first call's), in the database or a transaction, and
// a query that computes with an argument instead of passing it on is refused, not run wrong.
let t: TestServer;
let db: Kysely<Database>;

beforeAll(async () => {
  t = await startTestServer();
  db = t.server.db;
});
afterAll(() => t?.close());

const attemptsOf = preparedQuery((k: Kysely<Database>, a: { key: string }) => k.selectFrom('login_attempts').select(['key', 'count']).where('key', '=', a.key));
const setCount = preparedQuery((k: Kysely<Database>, a: { key: string; count: number }) =>
  k.updateTable('login_attempts').set({ count: a.count }).where('key', '=', a.key),
);

describe('prepared queries', () => {
  it('run each call with its own arguments, in the database and in a transaction', async () => {
    await db.insertInto('login_attempts').values([{ key: 'prepared:a', window_start: 1, count: 1 }, { key: 'prepared:b', window_start: 1, count: 1 }]).execute();
    expect((await attemptsOf.execute(db, { key: 'prepared:a' })).rows).toEqual([{ key: 'prepared:a', count: 1 }]);
    expect((await attemptsOf.execute(db, { key: 'prepared:b' })).rows).toEqual([{ key: 'prepared:b', count: 1 }]);
    await db.transaction().execute(async (tx) => {
      expect(Number((await setCount.execute(tx, { key: 'prepared:b', count: 7 })).numAffectedRows)).toBe(1);
      expect(Number((await setCount.execute(tx, { key: 'prepared:none', count: 9 })).numAffectedRows)).toBe(0);
    });
    expect((await attemptsOf.execute(db, { key: 'prepared:a' })).rows).toEqual([{ key: 'prepared:a', count: 1 }]);
    expect((await attemptsOf.execute(db, { key: 'prepared:b' })).rows).toEqual([{ key: 'prepared:b', count: 7 }]);
  });

  it('refuses a query that computes with an argument or writes it into its SQL', async () => {
    const computed = preparedQuery((k: Kysely<Database>, a: { now: number }) => k.selectFrom('login_attempts').select('key').where('window_start', '<', a.now + 1000));
    await expect(computed.execute(db, { now: 5 })).rejects.toThrow(/used an argument in an expression/);
    const inlined = preparedQuery((k: Kysely<Database>, a: { key: string }) => k.selectFrom('login_attempts').select('key').where('key', '=', sql.lit(a.key)));
    await expect(inlined.execute(db, { key: 'x' })).rejects.toThrow(/inlined an argument/);
  });
});

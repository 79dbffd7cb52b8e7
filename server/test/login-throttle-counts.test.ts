import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, seedCompany, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { LOGIN_PER_ADDRESS } from '../src/domain/login-throttle.js';

// The password throttle counts an attempt under its address first and under its (account, address)
// pair only while the address's window is not full: a person behind an address that others have
// exhausted does not use up their own attempts meanwhile. Both counts are one statement now (one
// upsert on SQLite, common table expressions on PostgreSQL); these pin what they count.
let t: TestServer;
let companyId: string;

beforeAll(async () => {
  t = await startTestServer({ trustProxy: true });
  companyId = (await seedCompany(t)).id;
});
afterAll(() => t?.close());

async function count(key: string): Promise<number | null> {
  const row = await t.server.db.selectFrom('login_attempts').select('count').where('key', '=', key).executeTakeFirst();
  return row ? Number(row.count) : null;
}

async function fillAddress(address: string, used: number): Promise<void> {
  await t.server.db.insertInto('login_attempts').values({ key: `addr:${address}`, window_start: t.clock.now(), count: used }).execute();
}

const attempt = (email: string, password: string, address: string) => api(t, 'POST', '/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': address } });

describe('password throttle counts', () => {
  it('counts the pair of the attempt that fills the address, and not the pair of one refused by the full address', async () => {
    const address = '10.9.0.1';
    await fillAddress(address, LOGIN_PER_ADDRESS - 1);
    const last = await seedUser(t, companyId);
    const refused = await seedUser(t, companyId);
    expect((await attempt(last.email, 'wrong-password', address)).status).toBe(401);
    expect(await count(`addr:${address}`)).toBe(LOGIN_PER_ADDRESS);
    expect(await count(`pair:${last.email}|${address}`)).toBe(1);
    expect((await attempt(refused.email, refused.password, address)).status).toBe(429);
    expect((await attempt(refused.email, refused.password, address)).status).toBe(429);
    expect(await count(`addr:${address}`)).toBe(LOGIN_PER_ADDRESS + 2);
    expect(await count(`pair:${refused.email}|${address}`)).toBeNull();
    // Elsewhere, the refused person's own attempts are all still there.
    expect((await attempt(refused.email, refused.password, '10.9.0.2')).status).toBe(200);
  });

  it('counts exactly under concurrency: of 12 attempts at once on an address with 5 left, 5 pairs are counted and 7 refused', async () => {
    const address = '10.9.1.1';
    await fillAddress(address, LOGIN_PER_ADDRESS - 5);
    const emails = Array.from({ length: 12 }, (_, i) => `counts-${i}@example.test`);
    const answers = await Promise.all(emails.map((email) => attempt(email, 'wrong-password', address)));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(7);
    const pairs = await Promise.all(emails.map((email) => count(`pair:${email}|${address}`)));
    expect(pairs.filter((c) => c === 1)).toHaveLength(5);
    expect(pairs.filter((c) => c === null)).toHaveLength(7);
    expect(await count(`addr:${address}`)).toBe(LOGIN_PER_ADDRESS + 7);
  });
});

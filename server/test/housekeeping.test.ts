import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, passwordSession, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { purgeExpired } from '../src/domain/housekeeping.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

describe('housekeeping', () => {
  it('purges ended throttle windows, old challenges and long-expired sessions, and nothing live', async () => {
    const company = await seedCompany(t);
    const stale = await seedUser(t, company.id);
    await passwordSession(t, stale);
    await api(t, 'POST', '/auth/login', { body: { email: stale.email, password: 'wrong-password' } });
    const enrolled = await seedEnrolledUser(t, company.id);
    await api(t, 'POST', '/auth/login', { body: { email: enrolled.email, password: enrolled.password } });
    t.clock.advance(31 * 24 * 60 * 60 * 1000 + 2 * 24 * 60 * 60 * 1000);
    const live = await seedUser(t, company.id);
    const session = await passwordSession(t, live);
    const result = await purgeExpired(t.server.db, t.clock.now());
    expect(result.loginAttempts).toBeGreaterThan(0);
    expect(result.challenges).toBeGreaterThan(0);
    expect(result.sessions).toBe(2);
    expect((await api(t, 'GET', '/me', { token: session.accessToken })).status).toBe(200);
    const sessions = await t.server.db.selectFrom('sessions').select('user_id').execute();
    expect(sessions.map((s) => s.user_id)).toEqual([live.id]);
  });

  it('purges emailed links a day past expiry, and keeps a live one working', async () => {
    const company = await seedCompany(t);
    const user = await seedEnrolledUser(t, company.id); // "turned on": a 7-day "this wasn't me" link
    await t.server.mailWorker.drain();
    const before = await t.server.db.selectFrom('link_tokens').select('id').where('user_id', '=', user.id).execute();
    expect(before).toHaveLength(1);
    t.clock.advance(7 * 24 * 60 * 60 * 1000 + 23 * 60 * 60 * 1000);
    expect((await purgeExpired(t.server.db, t.clock.now())).links).toBe(0);
    t.clock.advance(2 * 60 * 60 * 1000);
    expect((await purgeExpired(t.server.db, t.clock.now())).links).toBeGreaterThanOrEqual(1);
    expect(await t.server.db.selectFrom('link_tokens').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, seedCompany, seedEnrolledUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { codeOutsideWindow, timeStep, totpAt } from '@rms/test-kit/totp';
import { LOCK_AFTER_FAILURES } from '../../src/domain/code-throttle.js';
import { rawRequest } from './support/raw-http.js';

let t: TestServer;
let companyId: string;

beforeAll(async () => {
  t = await startTestServer();
  companyId = (await seedCompany(t)).id;
});
afterAll(() => t?.close());

async function challengeOf(user: { email: string; password: string }): Promise<string> {
  const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
  expect(login.status).toBe(200);
  return login.body.challenge;
}

async function throttleRow(userId: string) {
  const row = await t.server.db
    .selectFrom('users')
    .select(['failed_code_attempts', 'last_totp_step', 'locked_until', 'code_next_allowed_at'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return { failures: Number(row.failed_code_attempts), lastStep: row.last_totp_step, lockedUntil: row.locked_until };
}

describe('attack: brute-forcing the code of one account', () => {
  it('1,000 concurrent wrong codes count exactly (no lost update) and trip the throttle, wave after wave', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const challenge = await challengeOf(user);
    let checked = 0;
    let refused = 0;
    // A wave of 1,000, then smaller ones; between waves the clock moves past the delay the previous wave set.
    const waves = [1000, 200, 200];
    for (const [index, size] of waves.entries()) {
      const wave = index + 1;
      const code = codeOutsideWindow(user.secret, timeStep(t.clock.now()), 21);
      // node:http with a connection per request and a long bound: on a busy machine a connect may queue for a while.
      const answers = (
        await Promise.all(
          Array.from({ length: size }, () =>
            rawRequest(t.url, { method: 'POST', path: '/api/v1/auth/verify', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ challenge, code }) }, 120_000),
          ),
        )
      ).map((a) => ({ status: a.status, body: (a.json ?? {}) as Record<string, unknown> }));
      const byStatus = new Map<number, number>();
      for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
      const wrong = answers.filter((a) => a.status === 401);
      const throttled = answers.filter((a) => a.status === 429);
      expect(wrong.length + throttled.length, `wave ${wave}: ${JSON.stringify([...byStatus])}`).toBe(size);
      expect(wrong.every((a) => a.body.error === 'invalid_code')).toBe(true);
      expect(throttled.every((a) => a.body.error === 'too_many_attempts' && Number(a.body.retryAfterSeconds) > 0)).toBe(true);
      checked += wrong.length;
      refused += throttled.length;
      // The stored count is exactly the number of attempts that were checked.
      expect((await throttleRow(user.id)).failures).toBe(checked);
      const next = await api(t, 'POST', '/auth/verify', { body: { challenge, code: totpAt(user.secret, t.clock.now()) } });
      expect(next.status, 'even the right code waits out the delay').toBe(429);
      t.clock.advance(Number(next.body.retryAfterSeconds) * 1000);
    }
    // 5 free failures, then one per delay.
    expect(checked).toBe(7);
    expect(refused).toBe(1400 - 7);
    console.info(`[attack] waves of 1,000 + 200 + 200 concurrent wrong codes: ${checked} checked and counted, ${refused} refused with 429 before checking`);
  });

  it('locks at 100 consecutive failures: the 101st is refused without looking at the code, even a correct one', async () => {
    const user = await seedEnrolledUser(t, companyId);
    // The climb from 0 to 95 through the API with the clock is server/test/throttle.test.ts; start near the top.
    await t.server.db.updateTable('users').set({ failed_code_attempts: LOCK_AFTER_FAILURES - 5 }).where('id', '=', user.id).execute();
    for (let n = LOCK_AFTER_FAILURES - 4; n <= LOCK_AFTER_FAILURES; n += 1) {
      const res = await api(t, 'POST', '/auth/verify', { body: { challenge: await challengeOf(user), code: codeOutsideWindow(user.secret, timeStep(t.clock.now()), 21) } });
      expect(res.status, `failure ${n}`).toBe(401);
      expect((await throttleRow(user.id)).failures).toBe(n);
      if (n < LOCK_AFTER_FAILURES) t.clock.advance(15 * 60_000);
    }
    const before = await throttleRow(user.id);
    expect(before.lockedUntil).not.toBeNull();
    // The 101st attempt: a CORRECT code, and 299 concurrent wrong codes and backup codes besides. None is checked or counted.
    const challenge = await challengeOf(user);
    const good = totpAt(user.secret, t.clock.now());
    const answers = await Promise.all([
      api(t, 'POST', '/auth/verify', { body: { challenge, code: good } }),
      ...Array.from({ length: 299 }, (_, i) =>
        i % 2 === 0
          ? api(t, 'POST', '/auth/verify', { body: { challenge, code: codeOutsideWindow(user.secret, timeStep(t.clock.now()), 21) } })
          : api(t, 'POST', '/auth/recover', { body: { challenge, backupCode: user.backupCode } }),
      ),
    ]);
    expect(answers.every((a) => a.status === 429 && a.body.error === 'account_locked')).toBe(true);
    const after = await throttleRow(user.id);
    expect(after).toEqual(before); // not counted, and the correct code did not move the replay guard
    // Still locked 59 minutes later; free after the hour, and then the correct code works.
    t.clock.advance(59 * 60_000);
    expect((await api(t, 'POST', '/auth/verify', { body: { challenge: await challengeOf(user), code: totpAt(user.secret, t.clock.now()) } })).status).toBe(429);
    t.clock.advance(60_000 + 1000);
    const freed = await api(t, 'POST', '/auth/verify', { body: { challenge: await challengeOf(user), code: totpAt(user.secret, t.clock.now()) } });
    expect(freed.status).toBe(200);
    expect((await throttleRow(user.id)).failures).toBe(0);
    const locks = await t.server.db.selectFrom('audit_events').select('id').where('subject_id', '=', user.id).where('type', '=', 'auth.account_locked').execute();
    expect(locks).toHaveLength(1);
  });
});

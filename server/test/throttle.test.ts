import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { codeOutsideWindow, timeStep, totpForStep } from '@rms/test-kit/totp';
import { throttleNetwork } from '../src/domain/login-throttle.js';

let t: TestServer;
let companyId: string;

beforeAll(async () => {
  t = await startTestServer({ trustProxy: true });
  companyId = (await seedCompany(t)).id;
});
afterAll(() => t?.close());

async function challengeFor(user: { email: string; password: string }) {
  const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
  expect(login.status).toBe(200);
  return login.body.challenge;
}

function wrongCode(secret: string): string {
  return codeOutsideWindow(secret, timeStep(t.clock.now()), 21);
}

describe('code throttle (per account, codes and backup codes together)', () => {
  it('delays after 5 failures, doubling from 30 s, refuses without checking, and a success resets', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const challenge = await challengeFor(user);
    const bad = wrongCode(user.secret);
    for (let i = 1; i <= 5; i += 1) {
      const res = await api(t, 'POST', '/auth/verify', { body: { challenge, code: bad } });
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const good = totpForStep(user.secret, timeStep(t.clock.now()));
    const held = await api(t, 'POST', '/auth/verify', { body: { challenge, code: good } });
    expect(held.status).toBe(429);
    expect(held.body.error).toBe('too_many_attempts');
    expect(held.body.retryAfterSeconds).toBe(30);
    expect(held.headers.get('retry-after')).toBe('30');
    // Backup codes share the count.
    const backup = await api(t, 'POST', '/auth/recover', { body: { challenge, backupCode: user.backupCode } });
    expect(backup.status).toBe(429);

    t.clock.advance(30_000);
    expect((await api(t, 'POST', '/auth/verify', { body: { challenge, code: wrongCode(user.secret) } })).status).toBe(401);
    const doubled = await api(t, 'POST', '/auth/verify', { body: { challenge, code: bad } });
    expect(doubled.body.retryAfterSeconds).toBe(60);

    t.clock.advance(60_000);
    const ok = await api(t, 'POST', '/auth/verify', { body: { challenge, code: totpForStep(user.secret, timeStep(t.clock.now())) } });
    expect(ok.status).toBe(200);
    t.clock.advance(30_000);
    const next = await challengeFor(user);
    for (let i = 1; i <= 4; i += 1) {
      expect((await api(t, 'POST', '/auth/verify', { body: { challenge: next, code: wrongCode(user.secret) } })).status).toBe(401);
    }
    const row = await t.server.db.selectFrom('users').select('failed_code_attempts').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(Number(row.failed_code_attempts)).toBe(4);
  });

  it('counts concurrent wrong codes exactly: 5 are checked, the rest refused', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const challenge = await challengeFor(user);
    const bad = wrongCode(user.secret);
    const results = await Promise.all(
      Array.from({ length: 120 }, () => api(t, 'POST', '/auth/verify', { body: { challenge, code: bad } })),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(115);
    const row = await t.server.db.selectFrom('users').select('failed_code_attempts').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(Number(row.failed_code_attempts)).toBe(5);
  });

  it('caps the delay at 15 minutes and locks the account for 1 h at 100 consecutive failures', async () => {
    const user = await seedEnrolledUser(t, companyId);
    for (let i = 1; i <= 100; i += 1) {
      // Delays outlast a 5-minute challenge: sign in again for every attempt (passwords are fine).
      const challenge = await challengeFor(user);
      const res = await api(t, 'POST', '/auth/verify', { body: { challenge, code: wrongCode(user.secret) } });
      expect(res.status, `attempt ${i}`).toBe(401);
      if (i < 5) continue;
      const held = await api(t, 'POST', '/auth/verify', { body: { challenge, code: '000000' } });
      expect(held.status).toBe(429);
      const retry = Number(held.body.retryAfterSeconds);
      if (i < 100) {
        expect(held.body.error).toBe('too_many_attempts');
        expect(retry).toBe(Math.min(900, 30 * 2 ** (i - 5)));
        t.clock.advance(retry * 1000);
      }
    }
    // Lock: even a correct code is refused without being checked.
    const locked = await api(t, 'POST', '/auth/verify', {
      body: { challenge: await challengeFor(user), code: totpForStep(user.secret, timeStep(t.clock.now())) },
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('account_locked');
    expect(Number(locked.body.retryAfterSeconds)).toBeGreaterThan(3000);
    expect(Number(locked.body.retryAfterSeconds)).toBeLessThanOrEqual(3600);
    const audit = await t.server.db.selectFrom('audit_events').select('type').where('subject_id', '=', user.id).where('type', '=', 'auth.account_locked').execute();
    expect(audit).toHaveLength(1);

    t.clock.advance(3600 * 1000 + 1000);
    const freed = await api(t, 'POST', '/auth/verify', {
      body: { challenge: await challengeFor(user), code: totpForStep(user.secret, timeStep(t.clock.now())) },
    });
    expect(freed.status).toBe(200);
  });
});

describe('password throttle (per account+address and per address, never account-wide)', () => {
  it('refuses the 11th attempt from one address for one account, but not the same account elsewhere', async () => {
    const user = await seedUser(t, companyId);
    const from = (ip: string, password: string) =>
      api(t, 'POST', '/auth/login', { body: { email: user.email, password }, headers: { 'x-forwarded-for': ip } });
    for (let i = 1; i <= 10; i += 1) expect((await from('10.1.0.1', 'wrong-password')).status).toBe(401);
    const blocked = await from('10.1.0.1', user.password);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toBe('too_many_attempts');
    expect(Number(blocked.body.retryAfterSeconds)).toBeGreaterThan(0);
    expect(Number(blocked.body.retryAfterSeconds)).toBeLessThanOrEqual(900);
    const elsewhere = await from('10.1.0.2', user.password);
    expect(elsewhere.status).toBe(200);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await from('10.1.0.1', user.password)).status).toBe(200);
  });

  it('refuses an address after 100 attempts across accounts', async () => {
    const ip = '10.2.0.1';
    const attempts = Array.from({ length: 100 }, (_, i) =>
      api(t, 'POST', '/auth/login', { body: { email: `nobody${i}@example.test`, password: 'wrong-password' }, headers: { 'x-forwarded-for': ip } }),
    );
    const results = await Promise.all(attempts);
    expect(results.every((r) => r.status === 401)).toBe(true);
    const user = await seedUser(t, companyId);
    const blocked = await api(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password }, headers: { 'x-forwarded-for': ip } });
    expect(blocked.status).toBe(429);
    const other = await api(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password }, headers: { 'x-forwarded-for': '10.2.0.2' } });
    expect(other.status).toBe(200);
  });

  it('counts IPv6 clients per /64: rotating through one /64 buys no extra attempts for an account', async () => {
    const user = await seedUser(t, companyId);
    const from = (ip: string, password: string) =>
      api(t, 'POST', '/auth/login', { body: { email: user.email, password }, headers: { 'x-forwarded-for': ip } });
    for (let i = 1; i <= 10; i += 1) expect((await from(`2001:db8:1:2::${i.toString(16)}`, 'wrong-password')).status, `attempt ${i}`).toBe(401);
    const rotated = await from('2001:db8:1:2:ffff:ffff:ffff:fffe', user.password);
    expect(rotated.status).toBe(429);
    expect(rotated.body.error).toBe('too_many_attempts');
    expect((await from('2001:db8:1:3::1', user.password)).status).toBe(200);
  });

  it('counts IPv6 clients per /64 across accounts too', async () => {
    const attempts = Array.from({ length: 100 }, (_, i) =>
      api(t, 'POST', '/auth/login', { body: { email: `v6-nobody${i}@example.test`, password: 'wrong-password' }, headers: { 'x-forwarded-for': `2001:db8:9:9:0:0:${(i + 1).toString(16)}:1` } }),
    );
    expect((await Promise.all(attempts)).every((r) => r.status === 401)).toBe(true);
    const user = await seedUser(t, companyId);
    const login = (ip: string) => api(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password }, headers: { 'x-forwarded-for': ip } });
    expect((await login('2001:db8:9:9:abcd::77')).status).toBe(429);
    expect((await login('2001:db8:9:a::1')).status).toBe(200);
  });
});

describe('the network a client address is counted under', () => {
  it('is the IPv4 address itself, the /64 of an IPv6 address, and the IPv4 inside a mapped address', () => {
    expect(throttleNetwork('192.0.2.7')).toBe('192.0.2.7');
    expect(throttleNetwork('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(throttleNetwork('2001:0DB8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(throttleNetwork('[2001:db8:1:2::9]')).toBe('2001:db8:1:2::/64');
    expect(throttleNetwork('fe80::1%eth0')).toBe('fe80::/64');
    expect(throttleNetwork('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(throttleNetwork(null)).toBe('unknown');
  });
});

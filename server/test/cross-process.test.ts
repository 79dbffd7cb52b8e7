import { API_PREFIX } from '@rms/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, seedCompany, seedEnrolledUser } from '@rms/test-kit/seed';
import { spawnServer } from '@rms/test-kit/server-process';
import type { ServerProcess } from '@rms/test-kit/server-process';
import { testEngine } from '@rms/test-kit/test-database';
import { httpRequest, startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { timeStep, totpForStep } from '@rms/test-kit/totp';

let t: TestServer;
let child: ServerProcess;
let user: Awaited<ReturnType<typeof seedEnrolledUser>>;
let other: Awaited<ReturnType<typeof seedEnrolledUser>>;

beforeAll(async () => {
  t = await startTestServer();
  user = await seedEnrolledUser(t, (await seedCompany(t)).id);
  other = await seedEnrolledUser(t, (await seedCompany(t)).id);
  // Both processes read the same (fixed) clock from here on.
  child = await spawnServer({ ...t.config, smtpUrl: null, nowMs: t.clock.now() });
}, 120_000);
afterAll(async () => {
  await child?.stop();
  await t?.close();
});

describe(`two server processes on one ${testEngine} database`, () => {
  it('let exactly one of two concurrent requests with the same code win', async () => {
    for (let round = 0; round < 2; round += 1) {
      const login = (url: string) =>
        httpRequest<{ challenge: string }>(url, 'POST', `${API_PREFIX}/auth/login`, { body: { email: user.email, password: user.password } });
      const [a, b] = await Promise.all([login(t.url), login(child.url)]);
      const code = totpForStep(user.secret, timeStep(t.clock.now()) + round);
      const results = await Promise.all([
        httpRequest(t.url, 'POST', `${API_PREFIX}/auth/verify`, { body: { challenge: a.body.challenge, code } }),
        httpRequest(child.url, 'POST', `${API_PREFIX}/auth/verify`, { body: { challenge: b.body.challenge, code } }),
      ]);
      expect(results.map((r) => r.status).sort(), `round ${round}`).toEqual([200, 401]);
      expect(results.find((r) => r.status === 401)?.body).toMatchObject({ error: 'code_already_used' });
    }
  });

  it('share the code throttle: concurrent wrong codes on both count exactly', async () => {
    const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: other.email, password: other.password } });
    const attempt = (url: string) =>
      httpRequest(url, 'POST', `${API_PREFIX}/auth/verify`, { body: { challenge: login.body.challenge, code: '999999' } });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(i % 2 ? t.url : child.url)));
    const checked = results.filter((r) => r.status === 401).length;
    expect(checked).toBe(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(35);
  });
});

import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, passwordSession, seedCompany, seedEnrolledUser, seedUser, signInWithCode } from './seed.js';
import { startTestServer, testConfig } from './test-server.js';
import type { TestServer } from './test-server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

describe('startTestServer (the in-process server on a movable clock)', () => {
  it('serves the real API on a loopback port, on the engine the project asks for', async () => {
    expect(t.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await t.request<{ status: string; db: string }>('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', db: process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite' });
  });

  it('makes every time decision on the test clock: moving it 16 minutes expires an access token', async () => {
    const user = await seedUser(t, (await seedCompany(t)).id);
    const session = await passwordSession(t, user);
    expect((await api(t, 'GET', '/me', { token: session.accessToken })).status).toBe(200);
    t.clock.advance(16 * 60_000);
    const expired = await api(t, 'GET', '/me', { token: session.accessToken });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: 'session_expired' });
  });

  it('enrolls over HTTP and signs in with the code of the test clock, one step later each time', async () => {
    const user = await seedEnrolledUser(t, (await seedCompany(t)).id);
    const before = t.clock.now();
    const session = await signInWithCode(t, user);
    expect(session.accessToken).toEqual(expect.any(String));
    expect(t.clock.now()).toBe(before + 30_000);
    expect((await api<{ user: { twoFactor: { enabled: boolean } } }>(t, 'GET', '/me', { token: session.accessToken })).body.user.twoFactor.enabled).toBe(true);
  });
});

describe('testConfig', () => {
  it('gives a fresh data folder and key per call, and cleanup() removes the folder', async () => {
    const a = await testConfig({ engine: 'sqlite' });
    const b = await testConfig({ engine: 'sqlite', overrides: { trustProxy: true } });
    try {
      expect(a.config.dataDir).not.toBe(b.config.dataDir);
      expect(a.config.secretKey.equals(b.config.secretKey)).toBe(false);
      expect(a.config).toMatchObject({ databaseUrl: null, smtpUrl: null, logLevel: 'silent', trustProxy: false });
      expect(b.config.trustProxy).toBe(true);
      expect(existsSync(a.config.dataDir)).toBe(true);
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
    expect(existsSync(a.config.dataDir)).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeeder, seedConfirmationStep } from './company-seeder.js';
import { api } from './seed.js';
import { startTestServer } from './test-server.js';
import { timeStep } from './totp.js';
import type { TestServer } from './test-server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

describe('createSeeder (companies and people through the server’s seeding entry points)', () => {
  it('gives each company its own administrator with 2FA on, whose phone shows a code the server accepts at once', async () => {
    const company = await createSeeder(t.server.context).company({ adminTwoFactor: true });
    const { admin } = company;
    expect(admin).toMatchObject({ role: 'admin', backupCode: expect.stringMatching(/^[A-Z0-9]{5}(-[A-Z0-9]{5}){3}$/) });
    const login = await api<{ status: string; challenge: string }>(t, 'POST', '/auth/login', { body: { email: admin.email, password: admin.password } });
    expect(login.body.status).toBe('code_required');
    const verify = await api<{ session: { user: { companyId: string; role: string } } }>(t, 'POST', '/auth/verify', {
      body: { challenge: login.body.challenge, code: await admin.authenticator!.nextFreshCode() },
    });
    expect(verify.status).toBe(200);
    expect(verify.body.session.user).toMatchObject({ companyId: company.id, role: 'admin' });
  });

  it('adds people without 2FA and requires 2FA for the company as its administrator would', async () => {
    const company = await createSeeder(t.server.context).company({ adminTwoFactor: true });
    const user = await company.addUser();
    expect(user).toMatchObject({ role: 'user', authenticator: null, backupCode: null });
    await company.requireTwoFactor();
    const login = await api<{ status: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect(login.body.status).toBe('enrollment_required');
  });

  it('refuses to require 2FA for a company whose administrator has none', async () => {
    const company = await createSeeder(t.server.context).company();
    await expect(company.requireTwoFactor()).rejects.toThrow('requireTwoFactor needs a company seeded with adminTwoFactor: true');
  });

  it('confirms with a code the server still accepts when it arrives up to 3 s later, at any moment of a step', () => {
    const start = 20_000_000 * 30_000;
    for (let now = start; now < start + 30_000; now += 100) {
      const chosen = seedConfirmationStep(now);
      expect(chosen).toBeLessThanOrEqual(timeStep(now)); // never a code the phone does not show yet
      expect(Math.abs(timeStep(now + 2_999) - chosen), `at ${now - start} ms into the step`).toBeLessThanOrEqual(1);
    }
  });
});

// The five findings of the security review of administration, each replayed as the attacker did
// it. Every test here failed on the code the review looked at; each now proves its fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '@rms/test-kit/totp';
import { api, seedCompany, seedEnrolledUser } from './support/seed.js';
import { startTestServer } from './support/test-server.js';
import type { TestServer } from './support/test-server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

async function requireTwoFactor(companyId: string): Promise<void> {
  await t.server.db.updateTable('companies').set({ two_factor_at_login: 'required' }).where('id', '=', companyId).execute();
}

async function twoFactorOn(userId: string): Promise<boolean> {
  const row = await t.server.db.selectFrom('users').select('two_factor_enabled_at').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.two_factor_enabled_at !== null;
}

async function loginChallenge(user: { email: string; password: string }, status: 'code_required' | 'enrollment_required') {
  const login = await api<{ status: string; challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
  expect(login.body.status).toBe(status);
  return login.body.challenge;
}

describe('finding 1: an admin turning off their own 2FA through the company route', () => {
  it('is refused with cannot_target_self, and the admin keeps 2FA', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    await requireTwoFactor(company.id);
    const res = await api(t, 'POST', `/company/users/${admin.id}/two-factor/reset`, {
      token: admin.session.accessToken,
      body: { code: totpAt(admin.secret, t.clock.now()) },
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('cannot_target_self');
    expect(await twoFactorOn(admin.id)).toBe(true);
    await loginChallenge(admin, 'code_required');
  });
});

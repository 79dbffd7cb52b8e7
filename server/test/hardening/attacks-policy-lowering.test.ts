// Attack: someone who stole an administrator's access token (not their phone) turns the company's
// two-factor requirement off, or narrows it, so that stolen passwords alone sign people in again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, seedCompany, seedEnrolledUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { codeOutsideWindow, timeStep } from '@rms/test-kit/totp';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

describe('attack: a stolen administrator access token without the phone lowers the company protection', () => {
  it('cannot turn the requirement off, turn the email check off or narrow the plan, with no code or a guessed one', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const stolen = admin.session.accessToken;
    const set = await api(t, 'PUT', '/company/two-factor-policy', { token: stolen, body: { twoFactorAtLogin: 'required', verifyEmailBeforeEnrollment: true } });
    expect(set.status).toBe(200);

    const attempts = [
      { twoFactorAtLogin: 'optional' },
      { twoFactorAtLogin: 'required', verifyEmailBeforeEnrollment: false },
      { twoFactorAtLogin: 'required', appliesTo: 'administrators' },
      { twoFactorAtLogin: 'optional', code: codeOutsideWindow(admin.secret, timeStep(t.clock.now()), 1) },
    ];
    for (const body of attempts) {
      const res = await api<{ error: string }>(t, 'PUT', '/company/two-factor-policy', { token: stolen, body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(401);
      expect(res.status).toBeLessThanOrEqual(403);
      expect(['step_up_required', 'invalid_code']).toContain(res.body.error);
    }
    const stored = await t.server.db.selectFrom('companies').selectAll().where('id', '=', company.id).executeTakeFirstOrThrow();
    expect(stored.two_factor_at_login).toBe('required');
    expect(Number(stored.verify_email_before_enrollment)).toBe(1);
    const plan = await t.server.db.selectFrom('two_factor_rollouts').select('applies_to').where('company_id', '=', company.id).where('ended_at', 'is', null).executeTakeFirstOrThrow();
    expect(plan.applies_to).toBe('everyone');
  });
});

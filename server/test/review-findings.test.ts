// The five findings of the security review of administration, each replayed as the attacker did
// it. Every test here failed on the code the review looked at; each now proves its fix.
import { API_PREFIX } from '@rms/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, passwordSession, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import { spawnServer } from '@rms/test-kit/server-process';
import { httpRequest, startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { timeStep, totpAt, totpForStep } from '@rms/test-kit/totp';

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

describe('finding 2: resetting another user\'s 2FA without the admin\'s own code', () => {
  it('is refused for a password-only admin (admin_two_factor_required) and leaves the user protected', async () => {
    const company = await seedCompany(t);
    const phished = await seedUser(t, company.id, 'admin');
    const { accessToken } = await passwordSession(t, phished);
    const victim = await seedEnrolledUser(t, company.id, 'admin');
    const res = await api(t, 'POST', `/company/users/${victim.id}/two-factor/reset`, { token: accessToken, body: { code: '123456' } });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('admin_two_factor_required');
    expect(await twoFactorOn(victim.id)).toBe(true);
  });

  it('needs the admin\'s current code, accepted once (replay refused) and throttled', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const ann = await seedEnrolledUser(t, company.id);
    const bob = await seedEnrolledUser(t, company.id);
    const token = admin.session.accessToken;
    const noCode = await api(t, 'POST', `/company/users/${ann.id}/two-factor/reset`, { token });
    expect(noCode.status).toBe(400);
    expect(noCode.body.error).toBe('validation_failed');
    const wrong = await api(t, 'POST', `/company/users/${ann.id}/two-factor/reset`, {
      token,
      body: { code: totpForStep(admin.secret, timeStep(t.clock.now()) + 40) },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_code');
    expect(await twoFactorOn(ann.id)).toBe(true);
    const code = totpAt(admin.secret, t.clock.now());
    const ok = await api(t, 'POST', `/company/users/${ann.id}/two-factor/reset`, { token, body: { code } });
    expect(ok.status).toBe(200);
    expect(await twoFactorOn(ann.id)).toBe(false);
    const replay = await api(t, 'POST', `/company/users/${bob.id}/two-factor/reset`, { token, body: { code } });
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('code_already_used');
    expect(await twoFactorOn(bob.id)).toBe(true);
    // Codes and step-up codes share the account's throttle: after 5 consecutive failures, 429.
    let last = replay;
    for (let i = 0; i < 5; i += 1) {
      last = await api(t, 'POST', `/company/users/${bob.id}/two-factor/reset`, {
        token,
        body: { code: totpForStep(admin.secret, timeStep(t.clock.now()) + 40) },
      });
    }
    expect(last.status).toBe(429);
    expect(last.body.error).toBe('too_many_attempts');
    expect(await twoFactorOn(bob.id)).toBe(true);
  });
});

describe('finding 3: the clock-skew answer as a guessing oracle', () => {
  it('a guessed code matching a future step reveals nothing, and is not accepted when that step comes', async () => {
    const company = await seedCompany(t);
    const victim = await seedEnrolledUser(t, company.id);
    // The attacker has the password and a lucky guess: the code of the step 2 minutes ahead.
    const challenge = await loginChallenge(victim, 'code_required');
    const guess = totpForStep(victim.secret, timeStep(t.clock.now()) + 4);
    const first = await api(t, 'POST', '/auth/verify', { body: { challenge, code: guess } });
    expect(first.status).toBe(401);
    expect(first.body.error).toBe('invalid_code');
    expect(first.body.hint).toBe('check_phone_clock');
    expect(first.body.offsetSeconds).toBeUndefined();
    // Sending the same code again does not reveal the step either.
    const again = await api(t, 'POST', '/auth/verify', { body: { challenge, code: guess } });
    expect(again.body).toEqual(first.body);
    // The old attack waited for the revealed step and signed in with the same code: refused now.
    t.clock.advance(4 * 30_000);
    const later = await api(t, 'POST', '/auth/verify', { body: { challenge: await loginChallenge(victim, 'code_required'), code: guess } });
    expect(later.status).toBe(401);
    expect(later.body.error).toBe('invalid_code');
  });

  it('a phone whose clock is a minute ahead is told so at its second code', async () => {
    const company = await seedCompany(t);
    const user = await seedEnrolledUser(t, company.id);
    const challenge = await loginChallenge(user, 'code_required');
    const phone = (now: number) => totpAt(user.secret, now + 60_000);
    const first = await api(t, 'POST', '/auth/verify', { body: { challenge, code: phone(t.clock.now()) } });
    expect(first.body).toMatchObject({ error: 'invalid_code', hint: 'check_phone_clock' });
    t.clock.advance(30_000);
    const second = await api(t, 'POST', '/auth/verify', { body: { challenge, code: phone(t.clock.now()) } });
    expect(second.status).toBe(401);
    expect(second.body).toMatchObject({ error: 'clock_skew', offsetSeconds: 60 });
    expect(String(second.body.message)).toMatch(/about 1 minute ahead/);
    // Both answers counted as failures for the throttle.
    const row = await t.server.db.selectFrom('users').select('failed_code_attempts').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(Number(row.failed_code_attempts)).toBe(2);
  });
});

describe('finding 4: starting the sign-in enrollment again and again', () => {
  it('never keeps the challenge past 15 minutes after the password was checked', async () => {
    const company = await seedCompany(t);
    await requireTwoFactor(company.id);
    const user = await seedUser(t, company.id);
    const passwordAt = t.clock.now();
    const challenge = await loginChallenge(user, 'enrollment_required');
    for (const minute of [0, 4, 8, 12]) {
      t.clock.set(passwordAt + minute * 60_000);
      const start = await api<{ expiresAt: string }>(t, 'POST', '/auth/enrollment', { body: { challenge } });
      expect(start.status).toBe(200);
      expect(Date.parse(start.body.expiresAt)).toBeLessThanOrEqual(passwordAt + 15 * 60_000);
    }
    t.clock.set(passwordAt + 15 * 60_000 + 1_000);
    const late = await api(t, 'POST', '/auth/enrollment', { body: { challenge } });
    expect(late.status).toBe(401);
    expect(late.body.error).toBe('challenge_expired');
  });
});

describe('finding 5: confirming an enrollment while another start replaces its secret', () => {
  it('never marks a secret confirmed that no code came from (concurrent start + confirm, two server processes)', async () => {
    const company = await seedCompany(t);
    await requireTwoFactor(company.id);
    const user = await seedUser(t, company.id);
    // A second server process on the same database: on SQLite a single process runs each request
    // to the end without yielding, so only two processes can interleave a start with a confirm.
    const child = await spawnServer({ ...t.config, smtpUrl: null, nowMs: t.clock.now() });
    try {
      const challenge = await loginChallenge(user, 'enrollment_required');
      const outcomes: Record<string, number> = {};
      let confirmedWrongSecret = 0;
      // Rounds until the race was really run (a confirm lost its secret after checking the code), at least 30.
      for (let round = 0; round < 30 || (round < 80 && !outcomes.enrollment_not_started); round += 1) {
        const started = await api<{ secret: string }>(t, 'POST', '/auth/enrollment', { body: { challenge } });
        expect(started.status).toBe(200);
        const checked = started.body.secret;
        const [confirm, restart] = await Promise.all([
          api(t, 'POST', '/auth/enrollment/confirm', { body: { challenge, code: totpAt(checked, t.clock.now()) } }),
          httpRequest(child.url, 'POST', `${API_PREFIX}/auth/enrollment`, { body: { challenge } }),
        ]);
        expect(restart.status).toBe(200);
        // Won (confirmed before the restart), lost the secret before the check (invalid_code) or after it (409).
        const outcome = confirm.status === 200 ? 'confirmed' : String(confirm.body.error);
        expect(['confirmed', 'invalid_code', 'enrollment_not_started']).toContain(outcome);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        const row = await t.server.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
        if (row.pending_confirmed_step !== null && t.server.context.secrets.open(row.pending_secret_enc ?? '') !== checked) confirmedWrongSecret += 1;
        // Lost rounds count as failed codes; keep the throttle out of this race.
        await t.server.db.updateTable('users').set({ failed_code_attempts: 0, code_next_allowed_at: null }).where('id', '=', user.id).execute();
      }
      expect(confirmedWrongSecret, JSON.stringify(outcomes)).toBe(0);
      expect(outcomes.enrollment_not_started, JSON.stringify(outcomes)).toBeGreaterThan(0);
    } finally {
      await child.stop();
    }
  });
});

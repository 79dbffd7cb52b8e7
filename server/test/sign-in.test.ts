import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { codeOutsideWindow, timeStep, totpForStep } from '@rms/test-kit/totp';

let t: TestServer;
let companyId: string;

beforeAll(async () => {
  t = await startTestServer();
  companyId = (await seedCompany(t)).id;
});
afterAll(() => t?.close());

async function startSignIn(user: { email: string; password: string }) {
  const login = await api<{ status: string; challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
  expect(login.status).toBe(200);
  expect(login.body.status).toBe('code_required');
  return login.body.challenge;
}

describe('password step', () => {
  it('signs a user without 2FA straight in, with tokens and the user', async () => {
    const user = await seedUser(t, companyId);
    const res = await api<{ status: string; session: Record<string, unknown> & { user: { email: string } } }>(t, 'POST', '/auth/login', {
      body: { email: user.email.toUpperCase(), password: user.password },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('authenticated');
    expect(res.body.session.user.email).toBe(user.email);
    expect(res.body.session.expiresIn).toBe(900);
    const me = await api<{ user: { email: string } }>(t, 'GET', '/me', { token: String(res.body.session.accessToken) });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(user.email);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const user = await seedUser(t, companyId);
    const wrong = await api(t, 'POST', '/auth/login', { body: { email: user.email, password: 'not-the-password' } });
    const unknown = await api(t, 'POST', '/auth/login', { body: { email: 'nobody@example.test', password: 'whatever-password' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toBe('invalid_credentials');
    expect(String(wrong.body.message)).toMatch(/email or password/);
  });
});

describe('code step', () => {
  it('accepts the current step and one step either side', async () => {
    const user = await seedEnrolledUser(t, companyId);
    t.clock.advance(60_000); // the enrollment used the step before; start clear of it
    for (const delta of [-1, 0, 1]) {
      const challenge = await startSignIn(user);
      const code = totpForStep(user.secret, timeStep(t.clock.now()) + delta);
      const res = await api<{ status: string; session: { user: { id: string } } }>(t, 'POST', '/auth/verify', { body: { challenge, code } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.session.user.id).toBe(user.id);
      t.clock.advance(90_000);
    }
  });

  it('tells a phone whose clock is off by how much at its second code, never at the first (positive = phone ahead)', async () => {
    const user = await seedEnrolledUser(t, companyId);
    for (const [delta, offset] of [[2, 60], [-2, -60], [4, 120], [-20, -600]] as const) {
      const challenge = await startSignIn(user);
      const phone = () => totpForStep(user.secret, timeStep(t.clock.now()) + delta);
      const first = await api(t, 'POST', '/auth/verify', { body: { challenge, code: phone() } });
      expect(first.status).toBe(401);
      expect(first.body).toMatchObject({ error: 'invalid_code', hint: 'check_phone_clock' });
      expect(first.body.offsetSeconds).toBeUndefined();
      expect(String(first.body.message)).toMatch(/phone's clock/);
      t.clock.advance(30_000);
      const second = await api(t, 'POST', '/auth/verify', { body: { challenge, code: phone() } });
      expect(second.status).toBe(401);
      expect(second.body.error).toBe('clock_skew');
      expect(second.body.offsetSeconds).toBe(offset);
      expect(String(second.body.message)).toMatch(/ahead|behind/);
      // The challenge survived the wrong attempts.
      const ok = await api(t, 'POST', '/auth/verify', { body: { challenge, code: totpForStep(user.secret, timeStep(t.clock.now())) } });
      expect(ok.status).toBe(200);
      t.clock.advance(30_000);
    }
  });

  it('reveals no offset when the previous wrong code matched a different offset or nothing', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const challenge = await startSignIn(user);
    const now = timeStep(t.clock.now());
    for (const code of [totpForStep(user.secret, now + 4), totpForStep(user.secret, now - 6), codeOutsideWindow(user.secret, now, 25), totpForStep(user.secret, now - 5)]) {
      const res = await api(t, 'POST', '/auth/verify', { body: { challenge, code } });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_code');
      expect(res.body.offsetSeconds).toBeUndefined();
    }
  });

  it('answers invalid_code for a code that matches nothing within ±10 minutes', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const challenge = await startSignIn(user);
    const far = totpForStep(user.secret, timeStep(t.clock.now()) + 40);
    const now = totpForStep(user.secret, timeStep(t.clock.now()));
    const code = far === now ? '000000' : far;
    const res = await api(t, 'POST', '/auth/verify', { body: { challenge, code } });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_code');
    expect(res.body.hint).toBeUndefined();
  });

  it('accepts a code once: a replay is code_already_used', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const code = totpForStep(user.secret, timeStep(t.clock.now()));
    const first = await api(t, 'POST', '/auth/verify', { body: { challenge: await startSignIn(user), code } });
    expect(first.status).toBe(200);
    const again = await api(t, 'POST', '/auth/verify', { body: { challenge: await startSignIn(user), code } });
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('code_already_used');
    // An older (but still in-window) step is refused too.
    const older = await api(t, 'POST', '/auth/verify', {
      body: { challenge: await startSignIn(user), code: totpForStep(user.secret, timeStep(t.clock.now()) - 1) },
    });
    expect(older.body.error).toBe('code_already_used');
    const audit = await t.server.db.selectFrom('audit_events').selectAll().where('subject_id', '=', user.id).where('type', '=', 'two_factor.code_reused').execute();
    expect(audit).toHaveLength(2);
  });

  it('lets exactly one of many concurrent requests with the same code win', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const challenges = await Promise.all([1, 2, 3, 4].map(() => startSignIn(user)));
    const code = totpForStep(user.secret, timeStep(t.clock.now()));
    const results = await Promise.all(challenges.map((challenge) => api(t, 'POST', '/auth/verify', { body: { challenge, code } })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401, 401, 401]);
    expect(results.filter((r) => r.status === 401).every((r) => r.body.error === 'code_already_used')).toBe(true);
  });

  it('lets exactly one of many concurrent requests on the same sign-in win: one session, the others find the challenge ended', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const sessionsOf = () => t.server.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    const before = (await sessionsOf()).length;
    const challenge = await startSignIn(user);
    const code = totpForStep(user.secret, timeStep(t.clock.now()));
    const results = await Promise.all([1, 2, 3, 4].map(() => api(t, 'POST', '/auth/verify', { body: { challenge, code } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401]);
    expect(results.filter((r) => r.status === 401).every((r) => r.body.error === 'invalid_challenge')).toBe(true);
    expect(await sessionsOf()).toHaveLength(before + 1);
    const row = await t.server.db.selectFrom('users').select('last_totp_step').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(Number(row.last_totp_step)).toBe(timeStep(t.clock.now()));
  });

  it('writes nothing of a refused code: the sign-in it came with stays open for the next step\'s code', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const sessionsOf = () => t.server.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    const before = (await sessionsOf()).length;
    const step = timeStep(t.clock.now());
    const first = await api(t, 'POST', '/auth/verify', { body: { challenge: await startSignIn(user), code: totpForStep(user.secret, step) } });
    expect(first.status).toBe(200);
    const challenge = await startSignIn(user);
    const replay = await api(t, 'POST', '/auth/verify', { body: { challenge, code: totpForStep(user.secret, step) } });
    expect(replay.body.error).toBe('code_already_used');
    const open = await t.server.db.selectFrom('challenges').select('id').where('user_id', '=', user.id).where('consumed_at', 'is', null).execute();
    expect(open).toHaveLength(1);
    expect(await sessionsOf()).toHaveLength(before + 1);
    t.clock.advance(30_000);
    const next = await api(t, 'POST', '/auth/verify', { body: { challenge, code: totpForStep(user.secret, timeStep(t.clock.now())) } });
    expect(next.status).toBe(200);
    expect(await sessionsOf()).toHaveLength(before + 2);
  });
});

describe('challenges', () => {
  it('expire after 5 minutes', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const challenge = await startSignIn(user);
    t.clock.advance(5 * 60_000 + 1_000);
    const res = await api(t, 'POST', '/auth/verify', { body: { challenge, code: totpForStep(user.secret, timeStep(t.clock.now())) } });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('challenge_expired');
  });

  it('belong to their own sign-in: another user\'s code does not open it, and it ends when used', async () => {
    const ann = await seedEnrolledUser(t, companyId);
    const bob = await seedEnrolledUser(t, companyId);
    const challenge = await startSignIn(ann);
    const bobs = await api(t, 'POST', '/auth/verify', { body: { challenge, code: totpForStep(bob.secret, timeStep(t.clock.now())) } });
    expect(bobs.status).toBe(401);
    const ok = await api(t, 'POST', '/auth/verify', { body: { challenge, code: totpForStep(ann.secret, timeStep(t.clock.now())) } });
    expect(ok.status).toBe(200);
    t.clock.advance(30_000);
    const reused = await api(t, 'POST', '/auth/verify', { body: { challenge, code: totpForStep(ann.secret, timeStep(t.clock.now())) } });
    expect(reused.status).toBe(401);
    expect(reused.body.error).toBe('invalid_challenge');
  });

  it('count a code attempt only when the code is looked at: an ended or expired sign-in is refused uncounted', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const failures = async () =>
      Number((await t.server.db.selectFrom('users').select('failed_code_attempts').where('id', '=', user.id).executeTakeFirstOrThrow()).failed_code_attempts);
    const wrong = () => codeOutsideWindow(user.secret, timeStep(t.clock.now()), 25);
    const used = await startSignIn(user);
    expect((await api(t, 'POST', '/auth/verify', { body: { challenge: used, code: totpForStep(user.secret, timeStep(t.clock.now())) } })).status).toBe(200);
    expect((await api(t, 'POST', '/auth/verify', { body: { challenge: used, code: wrong() } })).body.error).toBe('invalid_challenge');
    const expiring = await startSignIn(user);
    t.clock.advance(5 * 60_000 + 1_000);
    expect((await api(t, 'POST', '/auth/verify', { body: { challenge: expiring, code: wrong() } })).body.error).toBe('challenge_expired');
    expect(await failures()).toBe(0);
    expect((await api(t, 'POST', '/auth/verify', { body: { challenge: await startSignIn(user), code: wrong() } })).body.error).toBe('invalid_code');
    expect(await failures()).toBe(1);
  });

  it('are refused when made up or used for the wrong purpose', async () => {
    const made = await api(t, 'POST', '/auth/verify', { body: { challenge: 'x'.repeat(43), code: '123456' } });
    expect(made.body.error).toBe('invalid_challenge');
    const user = await seedEnrolledUser(t, companyId);
    const challenge = await startSignIn(user);
    const wrongPurpose = await api(t, 'POST', '/auth/enrollment', { body: { challenge } });
    expect(wrongPurpose.status).toBe(401);
    expect(wrongPurpose.body.error).toBe('invalid_challenge');
  });
});

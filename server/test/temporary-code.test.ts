// Temporary access codes (docs/two-factor.md): issued with the administrator's step-up code, shown
// once, single use, 24 h, stored hashed; the person re-enrols at once and keeps the old 2FA until then.
import { API_PREFIX } from '@rms/shared';
import { describe, expect, it } from 'vitest';
import { deliveredTo } from '@rms/test-kit/delivered-mail';
import { api, passwordSession, seedCompany, seedEnrolledUser, seedUser, signInWithCode } from '@rms/test-kit/seed';
import { spawnServer } from '@rms/test-kit/server-process';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import { httpRequest } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { timeStep, totpAt, totpForStep } from '@rms/test-kit/totp';
import { withServerAndSink } from './support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
withServerAndSink((world) => ({ t, sink } = world));

type Enrolled = Awaited<ReturnType<typeof seedEnrolledUser>>;

async function issue(admin: Enrolled, userId: string) {
  const res = await api<{ temporaryCode: string; expiresAt: string; error?: string }>(t, 'POST', `/company/users/${userId}/two-factor/temporary-code`, {
    token: admin.session.accessToken,
    body: { code: totpAt(admin.secret, t.clock.now()) },
  });
  t.clock.advance(30_000);
  return res;
}

async function codeChallenge(user: { email: string; password: string }): Promise<string> {
  const login = await api<{ status: string; challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
  expect(login.body.status).toBe('code_required');
  return login.body.challenge;
}

function recover(challenge: string, temporaryCode: string) {
  return api<{ status: string; challenge: string; error?: string }>(t, 'POST', '/auth/recover', { body: { challenge, temporaryCode } });
}

/** Sets up a new authenticator in an enrollment-required sign-in; answers its secret and backup code and the session. */
async function enrolNewPhone(challenge: string) {
  const start = await api<{ secret: string }>(t, 'POST', '/auth/enrollment', { body: { challenge } });
  expect(start.status).toBe(200);
  const confirm = await api<{ backupCode: string }>(t, 'POST', '/auth/enrollment/confirm', { body: { challenge, code: totpAt(start.body.secret, t.clock.now()) } });
  expect(confirm.status).toBe(200);
  const complete = await api<{ session: { accessToken: string } }>(t, 'POST', '/auth/enrollment/complete', { body: { challenge, backupCodeSaved: true } });
  expect(complete.status).toBe(200);
  t.clock.advance(30_000);
  return { secret: start.body.secret, backupCode: confirm.body.backupCode, session: complete.body.session };
}

async function setup() {
  const company = await seedCompany(t);
  const admin = await seedEnrolledUser(t, company.id, 'admin');
  const user = await seedEnrolledUser(t, company.id);
  return { company, admin, user };
}

describe('issuing a temporary access code', () => {
  it('answers 12 base32 characters grouped XXXX-XXXX-XXXX for 24 h, stores only a hash, emails the user (without the code) and audits', async () => {
    const { admin, user } = await setup();
    const issuedAt = t.clock.now();
    const res = await issue(admin, user.id);
    expect(res.status).toBe(200);
    expect(res.body.temporaryCode).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    expect(Date.parse(res.body.expiresAt)).toBe(issuedAt + 24 * 60 * 60 * 1000);
    const compact = res.body.temporaryCode.replace(/-/g, '');
    const rows = await t.server.db.selectFrom('temporary_codes').selectAll().where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(compact);
    const mail = (await deliveredTo(t, sink, user.email)).find((m) => m.subject.includes('temporary access code'));
    expect(mail?.text).toContain('127.0.0.1');
    expect(mail?.text).not.toContain(compact);
    expect(mail?.text).not.toContain(res.body.temporaryCode);
    const audit = await api<{ items: Array<{ type: string; subject: { id: string } }> }>(t, 'GET', '/company/audit', { token: admin.session.accessToken });
    expect(audit.body.items[0]).toMatchObject({ type: 'two_factor.temporary_code_issued', subject: { id: user.id } });
  });

  it('needs the admin\'s step-up code, another user of the company, and that user\'s 2FA on', async () => {
    const { company, admin, user } = await setup();
    const phished = await seedUser(t, company.id, 'admin');
    const passwordOnly = await passwordSession(t, phished);
    const noStepUp = await api(t, 'POST', `/company/users/${user.id}/two-factor/temporary-code`, { token: passwordOnly.accessToken, body: { code: '123456' } });
    expect(noStepUp.body.error).toBe('admin_two_factor_required');
    const wrong = await api(t, 'POST', `/company/users/${user.id}/two-factor/temporary-code`, {
      token: admin.session.accessToken,
      body: { code: totpForStep(admin.secret, timeStep(t.clock.now()) + 40) },
    });
    expect(wrong.body.error).toBe('invalid_code');
    expect((await issue(admin, admin.id)).body.error).toBe('cannot_target_self');
    const unenrolled = await seedUser(t, company.id);
    expect((await issue(admin, unenrolled.id)).body.error).toBe('two_factor_not_enabled');
    const stranger = await seedEnrolledUser(t, (await seedCompany(t)).id);
    expect((await issue(admin, stranger.id)).body.error).toBe('user_not_found');
    const plain = await seedEnrolledUser(t, company.id);
    const forbidden = await api(t, 'POST', `/company/users/${user.id}/two-factor/temporary-code`, {
      token: plain.session.accessToken,
      body: { code: totpAt(plain.secret, t.clock.now()) },
    });
    expect(forbidden.body.error).toBe('forbidden');
    expect(await t.server.db.selectFrom('temporary_codes').selectAll().where('user_id', '=', user.id).execute()).toEqual([]);
  });
});

describe('signing in with a temporary access code', () => {
  it('leads to enrollment at once; the old phone and backup code work until the new phone is set up, then never again', async () => {
    const { admin, user } = await setup();
    const { body } = await issue(admin, user.id);
    // Typed in lower case without dashes: accepted.
    const recovered = await recover(await codeChallenge(user), body.temporaryCode.replace(/-/g, '').toLowerCase());
    expect(recovered.status).toBe(200);
    expect(recovered.body.status).toBe('enrollment_required');
    // Meanwhile, the old phone still signs in.
    const oldPhoneSession = await signInWithCode(t, user);
    expect((await api(t, 'GET', '/me', { token: oldPhoneSession.accessToken })).status).toBe(200);
    const before = await t.server.db.selectFrom('users').select(['backup_code_hash', 'two_factor_enabled_at']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(before.two_factor_enabled_at).not.toBeNull();

    const phone = await enrolNewPhone(recovered.body.challenge);
    expect((await api(t, 'GET', '/me', { token: phone.session.accessToken })).status).toBe(200);
    // The old phone's session ended, its codes and the old backup code no longer work.
    expect((await api(t, 'GET', '/me', { token: oldPhoneSession.accessToken })).status).toBe(401);
    const oldCode = await api(t, 'POST', '/auth/verify', { body: { challenge: await codeChallenge(user), code: totpAt(user.secret, t.clock.now()) } });
    expect(oldCode.body.error).toBe('invalid_code');
    t.clock.advance(30_000);
    const oldBackup = await api(t, 'POST', '/auth/recover', { body: { challenge: await codeChallenge(user), backupCode: user.backupCode } });
    expect(oldBackup.body.error).toBe('invalid_backup_code');
    t.clock.advance(30_000);
    await signInWithCode(t, { ...user, secret: phone.secret });
    // The code was single use.
    const again = await recover(await codeChallenge(user), body.temporaryCode);
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ error: 'invalid_temporary_code' });
    const subjects = (await deliveredTo(t, sink, user.email)).map((m) => m.subject);
    expect(subjects.some((s) => s.includes('A new authenticator was set up with a temporary access code'))).toBe(true);
  });

  it('an abandoned re-enrollment changes nothing, and the code is spent', async () => {
    const { admin, user } = await setup();
    const { body } = await issue(admin, user.id);
    const recovered = await recover(await codeChallenge(user), body.temporaryCode);
    expect(recovered.body.status).toBe('enrollment_required');
    const start = await api(t, 'POST', '/auth/enrollment', { body: { challenge: recovered.body.challenge } });
    expect(start.status).toBe(200);
    t.clock.advance(20 * 60_000);
    await signInWithCode(t, user);
    const backup = await t.server.db.selectFrom('users').select(['backup_code_hash', 'two_factor_enabled_at']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(backup.two_factor_enabled_at).not.toBeNull();
    expect(backup.backup_code_hash).not.toBeNull();
    expect((await recover(await codeChallenge(user), body.temporaryCode)).body.error).toBe('invalid_temporary_code');
  });

  it('expires after 24 hours; a newer code replaces an older one; wrong codes count for the throttle', async () => {
    const { admin, user } = await setup();
    const first = await issue(admin, user.id);
    const second = await issue(admin, user.id);
    expect((await recover(await codeChallenge(user), first.body.temporaryCode)).body.error).toBe('invalid_temporary_code');
    t.clock.advance(24 * 60 * 60 * 1000);
    expect((await recover(await codeChallenge(user), second.body.temporaryCode)).body.error).toBe('invalid_temporary_code');
    let last = await recover(await codeChallenge(user), 'AAAA-BBBB-CCCC');
    for (let i = 0; i < 3; i += 1) last = await recover(await codeChallenge(user), 'AAAA-BBBB-CCCC');
    expect(last.status).toBe(429);
    expect(last.body.error).toBe('too_many_attempts');
  });

  it('the same code used twice at once (two server processes): exactly one wins', async () => {
    const { admin, user } = await setup();
    const child = await spawnServer({ ...t.config, smtpUrl: null, nowMs: t.clock.now() });
    try {
      for (let round = 0; round < 8; round += 1) {
        const { body } = await issue(admin, user.id);
        const [a, b] = [await codeChallenge(user), await codeChallenge(user)];
        const answers = await Promise.all([
          recover(a, body.temporaryCode),
          httpRequest<{ error?: string }>(child.url, 'POST', `${API_PREFIX}/auth/recover`, { body: { challenge: b, temporaryCode: body.temporaryCode } }),
        ]);
        expect(answers.map((x) => x.status).sort()).toEqual([200, 401]);
        await t.server.db.updateTable('users').set({ failed_code_attempts: 0, code_next_allowed_at: null, last_totp_step: null }).where('id', 'in', [user.id, admin.id]).execute();
      }
    } finally {
      await child.stop();
    }
  });
});

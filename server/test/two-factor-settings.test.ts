import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, enrollWithSession, passwordSession, seedCompany, seedEnrolledUser, seedUser, signInWithCode } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { timeStep, totpAt } from '@rms/test-kit/totp';

let t: TestServer;
let companyId: string;

beforeAll(async () => {
  t = await startTestServer();
  companyId = (await seedCompany(t)).id;
});
afterAll(() => t?.close());


async function auditTypes(userId: string): Promise<string[]> {
  const rows = await t.server.db.selectFrom('audit_events').select('type').where('subject_id', '=', userId).orderBy('at').execute();
  return rows.map((r) => r.type);
}

describe('enrollment (account settings)', () => {
  it('is all-or-nothing: start → confirm → complete, only complete turns 2FA on', async () => {
    const user = await seedUser(t, companyId);
    const { accessToken } = await passwordSession(t, user);
    const start = await api<{ secret: string; otpauthUri: string; expiresAt: string }>(t, 'POST', '/me/two-factor/enrollment', { token: accessToken });
    expect(start.status).toBe(200);
    expect(start.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(start.body.otpauthUri).toBe(
      `otpauth://totp/RMS:${encodeURIComponent(user.email)}?secret=${start.body.secret}&issuer=RMS&algorithm=SHA1&digits=6&period=30`,
    );
    expect(Date.parse(start.body.expiresAt) - t.clock.now()).toBe(10 * 60_000);
    const early = await api(t, 'POST', '/me/two-factor/enrollment/complete', { token: accessToken, body: { backupCodeSaved: true } });
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('enrollment_not_confirmed');
    const confirm = await api<{ backupCode: string }>(t, 'POST', '/me/two-factor/enrollment/confirm', {
      token: accessToken,
      body: { code: totpAt(start.body.secret, t.clock.now()) },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.backupCode).toMatch(/^[A-Z2-7]{5}(-[A-Z2-7]{5}){3}$/);
    let me = await api<{ user: { twoFactor: { enabled: boolean } } }>(t, 'GET', '/me', { token: accessToken });
    expect(me.body.user.twoFactor.enabled).toBe(false);
    const notSaved = await api(t, 'POST', '/me/two-factor/enrollment/complete', { token: accessToken, body: { backupCodeSaved: false } });
    expect(notSaved.status).toBe(400);
    const done = await api<{ twoFactor: { enabled: boolean; enabledAt: string } }>(t, 'POST', '/me/two-factor/enrollment/complete', {
      token: accessToken,
      body: { backupCodeSaved: true },
    });
    expect(done.status).toBe(200);
    expect(done.body.twoFactor.enabled).toBe(true);
    me = await api(t, 'GET', '/me', { token: accessToken });
    expect(me.body.user.twoFactor.enabled).toBe(true);
    expect(await auditTypes(user.id)).toEqual(['two_factor.enabled']);
    // The secret is stored encrypted, never in plain text.
    const row = await t.server.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.totp_secret_enc).not.toContain(start.body.secret);
    expect(row.backup_code_hash).not.toContain(confirm.body.backupCode.replace(/-/g, ''));
    // The next sign-in asks for a code.
    const login = await api(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect(login.body.status).toBe('code_required');
  });

  it('changes nothing when abandoned, and expires after 10 minutes', async () => {
    const user = await seedUser(t, companyId);
    const { accessToken } = await passwordSession(t, user);
    const start = await api<{ secret: string }>(t, 'POST', '/me/two-factor/enrollment', { token: accessToken });
    await api(t, 'POST', '/me/two-factor/enrollment/confirm', { token: accessToken, body: { code: totpAt(start.body.secret, t.clock.now()) } });
    // Abandoned after confirm: still off, sign-in still password-only.
    const login = await api(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect(login.body.status).toBe('authenticated');
    expect(await auditTypes(user.id)).toEqual([]);
    t.clock.advance(10 * 60_000 + 1000);
    const late = await api(t, 'POST', '/me/two-factor/enrollment/complete', { token: accessToken, body: { backupCodeSaved: true } });
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('enrollment_expired');
    const me = await api<{ user: { twoFactor: { enabled: boolean } } }>(t, 'GET', '/me', { token: accessToken });
    expect(me.body.user.twoFactor.enabled).toBe(false);
  });

  it('rejects a wrong confirmation code and refuses a second enrollment once on', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const again = await api(t, 'POST', '/me/two-factor/enrollment', { token: user.session.accessToken });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('two_factor_already_enabled');
  });
});

describe('new backup code', () => {
  it('needs a current code and invalidates the old backup code at once', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const noCode = await api(t, 'POST', '/me/two-factor/backup-code', { token: user.session.accessToken, body: { code: '12345' } });
    expect(noCode.status).toBe(400);
    const fresh = await api<{ backupCode: string }>(t, 'POST', '/me/two-factor/backup-code', {
      token: user.session.accessToken,
      body: { code: totpAt(user.secret, t.clock.now()) },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.body.backupCode).not.toBe(user.backupCode);
    t.clock.advance(30_000);
    const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    const old = await api(t, 'POST', '/auth/recover', { body: { challenge: login.body.challenge, backupCode: user.backupCode } });
    expect(old.status).toBe(401);
    expect(old.body.error).toBe('invalid_backup_code');
    const typed = fresh.body.backupCode.toLowerCase().replace(/-/g, ' ');
    const ok = await api<{ status: string }>(t, 'POST', '/auth/recover', { body: { challenge: login.body.challenge, backupCode: typed } });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('authenticated');
    expect(await auditTypes(user.id)).toEqual(['two_factor.enabled', 'two_factor.backup_code_regenerated', 'two_factor.reset_by_backup_code']);
  });
});

describe('device change', () => {
  it('needs a code from the old device; after confirming, the old secret no longer works and the backup code stays', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const token = user.session.accessToken;
    const start = await api<{ secret: string }>(t, 'POST', '/me/two-factor/device-change', { token, body: { code: totpAt(user.secret, t.clock.now()) } });
    expect(start.status).toBe(200);
    expect(start.body.secret).not.toBe(user.secret);
    // Until confirmed, the old device still signs in.
    t.clock.advance(30_000);
    const wrongDevice = await api(t, 'POST', '/me/two-factor/device-change/confirm', { token, body: { code: totpAt(user.secret, t.clock.now()) } });
    expect(wrongDevice.status).toBe(401);
    const confirm = await api<{ twoFactor: { enabled: boolean } }>(t, 'POST', '/me/two-factor/device-change/confirm', {
      token,
      body: { code: totpAt(start.body.secret, t.clock.now()) },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.twoFactor.enabled).toBe(true);
    t.clock.advance(30_000);
    const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    const oldDevice = await api(t, 'POST', '/auth/verify', { body: { challenge: login.body.challenge, code: totpAt(user.secret, t.clock.now()) } });
    expect(oldDevice.status).toBe(401);
    const newDevice = await api(t, 'POST', '/auth/verify', { body: { challenge: login.body.challenge, code: totpAt(start.body.secret, t.clock.now()) } });
    expect(newDevice.status).toBe(200);
    const row = await t.server.db.selectFrom('users').select('backup_code_created_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.backup_code_created_at).not.toBeNull();
    expect(await auditTypes(user.id)).toContain('two_factor.device_changed');
  });

  it('refuses to confirm without a started change', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const res = await api(t, 'POST', '/me/two-factor/device-change/confirm', { token: user.session.accessToken, body: { code: '123456' } });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('device_change_not_started');
  });
});

describe('backup-code recovery ("Don\'t know the code")', () => {
  it('resets 2FA, revokes every other session, audits it and completes the sign-in', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const other = await signInWithCode(t, user);
    const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    const res = await api<{ status: string; session: { accessToken: string; user: { twoFactor: { enabled: boolean } } } }>(t, 'POST', '/auth/recover', {
      body: { challenge: login.body.challenge, backupCode: user.backupCode },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('authenticated');
    expect(res.body.session.user.twoFactor.enabled).toBe(false);
    for (const token of [other.accessToken, user.session.accessToken]) {
      const me = await api(t, 'GET', '/me', { token });
      expect(me.status).toBe(401);
      expect(me.body.error).toBe('session_revoked');
    }
    expect((await api(t, 'GET', '/me', { token: res.body.session.accessToken })).status).toBe(200);
    const again = await api(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect(again.body.status).toBe('authenticated');
    expect(await auditTypes(user.id)).toContain('two_factor.reset_by_backup_code');
  });

  it('continues straight into enrollment when the company requires 2FA', async () => {
    const company = await seedCompany(t);
    const user = await seedEnrolledUser(t, company.id);
    await t.server.db.updateTable('companies').set({ two_factor_at_login: 'required' }).where('id', '=', company.id).execute();
    const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    const res = await api<{ status: string; challenge: string }>(t, 'POST', '/auth/recover', {
      body: { challenge: login.body.challenge, backupCode: user.backupCode },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('enrollment_required');
    // The sign-in enrollment: start → confirm → complete, then signed in with 2FA on again.
    const start = await api<{ secret: string }>(t, 'POST', '/auth/enrollment', { body: { challenge: res.body.challenge } });
    expect(start.status).toBe(200);
    const confirm = await api<{ backupCode: string }>(t, 'POST', '/auth/enrollment/confirm', {
      body: { challenge: res.body.challenge, code: totpAt(start.body.secret, t.clock.now()) },
    });
    expect(confirm.status).toBe(200);
    const done = await api<{ status: string; session: { user: { twoFactor: { enabled: boolean } } } }>(t, 'POST', '/auth/enrollment/complete', {
      body: { challenge: res.body.challenge, backupCodeSaved: true },
    });
    expect(done.status).toBe(200);
    expect(done.body.session.user.twoFactor.enabled).toBe(true);
    expect(confirm.body.backupCode).not.toBe(user.backupCode);
  });
});

describe('turning 2FA off', () => {
  it('works with a current code while optional, and is refused while the company requires 2FA', async () => {
    const company = await seedCompany(t);
    const user = await seedEnrolledUser(t, company.id);
    await t.server.db.updateTable('companies').set({ two_factor_at_login: 'required' }).where('id', '=', company.id).execute();
    const refused = await api(t, 'DELETE', '/me/two-factor', { token: user.session.accessToken, body: { code: totpAt(user.secret, t.clock.now()) } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('policy_requires_two_factor');
    await t.server.db.updateTable('companies').set({ two_factor_at_login: 'optional' }).where('id', '=', company.id).execute();
    const off = await api<{ twoFactor: { enabled: boolean } }>(t, 'DELETE', '/me/two-factor', {
      token: user.session.accessToken,
      body: { code: totpAt(user.secret, t.clock.now()) },
    });
    expect(off.status).toBe(200);
    expect(off.body.twoFactor.enabled).toBe(false);
    expect(await auditTypes(user.id)).toContain('two_factor.disabled');
    const enrolledAgain = await enrollWithSession(t, user.session.accessToken);
    expect(enrolledAgain.secret).not.toBe(user.secret);
    expect(timeStep(t.clock.now())).toBeGreaterThan(0);
  });
});

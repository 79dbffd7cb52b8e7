import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, passwordSession, seedCompany, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';

let t: TestServer;
let companyId: string;

beforeAll(async () => {
  t = await startTestServer();
  companyId = (await seedCompany(t)).id;
});
afterAll(() => t?.close());

type SessionBody = { status: string; session: { accessToken: string; refreshToken: string; expiresIn: number } };

describe('tokens', () => {
  it('stores only hashes of access and refresh tokens', async () => {
    const user = await seedUser(t, companyId);
    const session = await passwordSession(t, user);
    const rows = await t.server.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(session.accessToken);
    expect(JSON.stringify(rows)).not.toContain(session.refreshToken);
  });

  it('expires access tokens after 15 minutes; the refresh token gets a new pair', async () => {
    const user = await seedUser(t, companyId);
    const session = await passwordSession(t, user);
    t.clock.advance(15 * 60_000 + 1000);
    const expired = await api(t, 'GET', '/me', { token: session.accessToken });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('session_expired');
    const refreshed = await api<SessionBody>(t, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.session.refreshToken).not.toBe(session.refreshToken);
    expect((await api(t, 'GET', '/me', { token: refreshed.body.session.accessToken })).status).toBe(200);
  });

  it('revokes the whole family when a rotated refresh token is presented again', async () => {
    const user = await seedUser(t, companyId);
    const first = await passwordSession(t, user);
    const second = (await api<SessionBody>(t, 'POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } })).body.session;
    const third = (await api<SessionBody>(t, 'POST', '/auth/refresh', { body: { refreshToken: second.refreshToken } })).body.session;
    const other = await passwordSession(t, user);
    const replay = await api(t, 'POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('refresh_token_reused');
    const me = await api(t, 'GET', '/me', { token: third.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.error).toBe('session_revoked');
    expect((await api(t, 'POST', '/auth/refresh', { body: { refreshToken: third.refreshToken } })).body.error).toBe('session_revoked');
    // Another sign-in (another family) is untouched.
    expect((await api(t, 'GET', '/me', { token: other.accessToken })).status).toBe(200);
    const audit = await t.server.db.selectFrom('audit_events').select('type').where('subject_id', '=', user.id).execute();
    expect(audit.map((a) => a.type)).toEqual(['auth.refresh_token_reused']);
  });

  it('ends the family of a session written while the sign-in was being locked ("this wasn\'t me"): its refresh answers session_revoked and continues nothing', async () => {
    const user = await seedUser(t, companyId);
    const session = await passwordSession(t, user);
    // The lock revokes every session it sees; this one stands for a sign-in that raced it.
    await t.server.db.updateTable('users').set({ sign_in_locked_at: t.clock.now() }).where('id', '=', user.id).execute();
    const refreshed = await api(t, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(401);
    expect(refreshed.body.error).toBe('session_revoked');
    const rows = await t.server.db.selectFrom('sessions').select(['revoked_at']).where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.revoked_at).not.toBeNull();
    expect((await api(t, 'GET', '/me', { token: session.accessToken })).body.error).toBe('session_revoked');
    const audit = await t.server.db.selectFrom('audit_events').select('type').where('subject_id', '=', user.id).execute();
    expect(audit.map((a) => a.type)).not.toContain('auth.refresh_token_reused');
  });

  it('answers invalid_refresh_token for an unknown token', async () => {
    const res = await api(t, 'POST', '/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_refresh_token');
  });

  it('signs out: the bearer session and its refresh token stop working', async () => {
    const user = await seedUser(t, companyId);
    const session = await passwordSession(t, user);
    const out = await api(t, 'POST', '/auth/logout', { token: session.accessToken });
    expect(out.status, JSON.stringify(out.body)).toBe(204);
    expect((await api(t, 'GET', '/me', { token: session.accessToken })).body.error).toBe('session_revoked');
    expect((await api(t, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    const anonymous = await api(t, 'POST', '/auth/logout');
    expect(anonymous.status).toBe(401);
  });
});

describe('sessions held to enrollment', () => {
  it('lets a user without 2FA in a requiring company do nothing but enroll', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id, 'admin');
    const session = await passwordSession(t, user);
    await t.server.db.updateTable('companies').set({ two_factor_at_login: 'required' }).where('id', '=', company.id).execute();
    const me = await api<{ enrollmentRequired: boolean }>(t, 'GET', '/me', { token: session.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.enrollmentRequired).toBe(true);
    const company1 = await api(t, 'GET', '/company', { token: session.accessToken });
    expect(company1.status).toBe(403);
    expect(company1.body.error).toBe('enrollment_required');
    const backup = await api(t, 'POST', '/me/two-factor/backup-code', { token: session.accessToken, body: { code: '123456' } });
    expect(backup.body.error).toBe('enrollment_required');
    const refreshed = await api<SessionBody>(t, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    const token = refreshed.body.session.accessToken;
    const start = await api<{ secret: string }>(t, 'POST', '/me/two-factor/enrollment', { token });
    expect(start.status).toBe(200);
    await api(t, 'POST', '/me/two-factor/enrollment/confirm', { token, body: { code: totpAt(start.body.secret, t.clock.now()) } });
    await api(t, 'POST', '/me/two-factor/enrollment/complete', { token, body: { backupCodeSaved: true } });
    const after = await api<{ enrollmentRequired: boolean }>(t, 'GET', '/me', { token });
    expect(after.body.enrollmentRequired).toBe(false);
    expect((await api(t, 'GET', '/company', { token })).status).toBe(200);
  });

  it('sends a new sign-in of such a user into enrollment', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    await t.server.db.updateTable('companies').set({ two_factor_at_login: 'required' }).where('id', '=', company.id).execute();
    const login = await api<{ status: string; challenge: string; expiresAt: string }>(t, 'POST', '/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.body.status).toBe('enrollment_required');
    // The enrollment challenge cannot be used as a code challenge.
    const verify = await api(t, 'POST', '/auth/verify', { body: { challenge: login.body.challenge, code: '123456' } });
    expect(verify.body.error).toBe('invalid_challenge');
    // Starting the enrollment extends the challenge to the 10-minute enrollment window.
    const start = await api<{ secret: string; expiresAt: string }>(t, 'POST', '/auth/enrollment', { body: { challenge: login.body.challenge } });
    expect(start.status).toBe(200);
    t.clock.advance(7 * 60_000);
    const confirm = await api(t, 'POST', '/auth/enrollment/confirm', {
      body: { challenge: login.body.challenge, code: totpAt(start.body.secret, t.clock.now()) },
    });
    expect(confirm.status).toBe(200);
    const early = await api(t, 'POST', '/auth/enrollment/complete', { body: { challenge: login.body.challenge, backupCodeSaved: false } });
    expect(early.status).toBe(400);
    const done = await api<SessionBody>(t, 'POST', '/auth/enrollment/complete', { body: { challenge: login.body.challenge, backupCodeSaved: true } });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('authenticated');
    const again = await api(t, 'POST', '/auth/enrollment/complete', { body: { challenge: login.body.challenge, backupCodeSaved: true } });
    expect(again.body.error).toBe('invalid_challenge');
  });
});

import { describe, expect, it } from 'vitest';
import { deliveredTo } from '@rms/test-kit/delivered-mail';
import { api, passwordSession, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import type { SeededUser } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import { LOGIN_PER_PAIR } from '../src/domain/login-throttle.js';
import { createUser } from '../src/domain/users.js';
import { withServerAndSink } from './support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
let companyId: string;
withServerAndSink((world) => ({ t, sink, companyId } = world));

type SessionBody = { status: string; session: { accessToken: string; refreshToken: string } };

/** A password zxcvbn rates 4: four unrelated words and a random tail. */
function strongPassword(): string {
  return `lantern-orbit-tundra-${Math.random().toString(36).slice(2, 8)}-quill`;
}

function changePassword(token: string, body: Record<string, unknown>) {
  return api<{ signedOut?: number; error?: string; message?: string; issues?: { path: string }[] }>(t, 'POST', '/me/password', { token, body });
}

function login(user: Pick<SeededUser, 'email'>, password: string) {
  return api<{ status?: string; error?: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password } });
}

describe('POST /me/password', () => {
  it('changes the password: the new one signs in, the old one does not; every other session ends, this one stays', async () => {
    const user = await seedUser(t, companyId);
    const here = await passwordSession(t, user);
    const laptop = await passwordSession(t, user);
    const phone = await passwordSession(t, user);
    const newPassword = strongPassword();

    const changed = await changePassword(here.accessToken, { currentPassword: user.password, newPassword });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.signedOut).toBe(2);

    expect((await api(t, 'GET', '/me', { token: here.accessToken })).status).toBe(200);
    for (const other of [laptop, phone]) {
      expect((await api(t, 'GET', '/me', { token: other.accessToken })).body.error).toBe('session_revoked');
      const refresh = await api(t, 'POST', '/auth/refresh', { body: { refreshToken: other.refreshToken } });
      expect(refresh.status).toBe(401);
      expect(refresh.body.error).toBe('session_revoked');
    }
    // The session that changed it refreshes as before.
    expect((await api<SessionBody>(t, 'POST', '/auth/refresh', { body: { refreshToken: here.refreshToken } })).status).toBe(200);

    expect((await login(user, user.password)).body.error).toBe('invalid_credentials');
    expect((await login(user, newPassword)).body.status).toBe('authenticated');

    const audit = await t.server.db.selectFrom('audit_events').selectAll().where('subject_id', '=', user.id).execute();
    expect(audit.map((e) => e.type)).toEqual(['account.password_changed']);
    expect(JSON.parse(audit[0]!.details)).toEqual({ otherSessionsEnded: 2 });
    const mails = await deliveredTo(t, sink, user.email);
    expect(mails.map((m) => m.subject)).toEqual(['Remote Management Service: Your password was changed']);
    expect(mails[0]!.text).toContain('Every other device signed in to your account was signed out');
    expect(mails[0]!.text).toMatch(/When: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(mails[0]!.text).toContain('From address: 127.0.0.1');
    expect(mails[0]!.text).not.toContain(newPassword);
  });

  it('ends a sign-in that is waiting for its code with the old password', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const thief = await login(user, user.password);
    expect(thief.body.status).toBe('code_required');
    const code = totpAt(user.secret, t.clock.now());
    expect((await changePassword(user.session.accessToken, { currentPassword: user.password, newPassword: strongPassword(), code })).status).toBe(200);
    t.clock.advance(30_000);
    const challenge = (thief.body as { challenge?: string }).challenge;
    const verify = await api(t, 'POST', '/auth/verify', { body: { challenge, code: totpAt(user.secret, t.clock.now()) } });
    expect(verify.status).toBe(401);
    expect(verify.body.error).toBe('invalid_challenge');
  });

  it('refuses a wrong current password, changes nothing, and throttles it like password sign-in', async () => {
    const user = await seedUser(t, companyId);
    const session = await passwordSession(t, user);
    const newPassword = strongPassword();
    for (let i = 0; i < LOGIN_PER_PAIR; i += 1) {
      const wrong = await changePassword(session.accessToken, { currentPassword: `wrong-${i}`, newPassword });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe('invalid_current_password');
    }
    // The access token is no unthrottled password oracle: even the right password now waits.
    const throttled = await changePassword(session.accessToken, { currentPassword: user.password, newPassword });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error).toBe('too_many_attempts');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    // It is the sign-in counter: password sign-in from this address is held too.
    expect((await login(user, user.password)).body.error).toBe('too_many_attempts');
    // Nothing changed.
    t.clock.advance(16 * 60_000);
    expect((await login(user, user.password)).body.status).toBe('authenticated');
    expect((await login(user, newPassword)).body.error).toBe('invalid_credentials');
  });

  it('with 2FA on: needs a current code; a wrong or re-used code changes nothing', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const token = user.session.accessToken;
    const newPassword = strongPassword();

    const missing = await changePassword(token, { currentPassword: user.password, newPassword });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('validation_failed');
    expect(missing.body.issues?.[0]?.path).toBe('code');

    const wrongCode = totpAt(user.secret, t.clock.now()) === '000000' ? '111111' : '000000';
    const wrong = await changePassword(token, { currentPassword: user.password, newPassword, code: wrongCode });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_code');
    expect((await login(user, newPassword)).body.error).toBe('invalid_credentials');

    const code = totpAt(user.secret, t.clock.now());
    const ok = await changePassword(token, { currentPassword: user.password, newPassword, code });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);

    const again = await changePassword(token, { currentPassword: newPassword, newPassword: strongPassword(), code });
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('code_already_used');
    expect((await login(user, newPassword)).body.status).toBe('code_required');
  });

  it('refuses weak new passwords with the library feedback as the sentence, before spending the code', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const token = user.session.accessToken;
    const code = totpAt(user.secret, t.clock.now());
    const common = await changePassword(token, { currentPassword: user.password, newPassword: 'password1234', code });
    expect(common.status).toBe(400);
    expect(common.body.error).toBe('weak_password');
    expect(common.body.message).toBe('That password is too easy to guess. This is similar to a commonly used password. Add more words that are less common.');

    const short = await changePassword(token, { currentPassword: user.password, newPassword: 'Zq8#vLm2!pX', code });
    expect(short.body.error).toBe('weak_password');
    expect(short.body.message).toMatch(/^Use at least 12 characters \(this one has 11\)/);

    const tooLong = await changePassword(token, { currentPassword: user.password, newPassword: `${strongPassword()}${'x'.repeat(128)}`, code });
    expect(tooLong.body.error).toBe('weak_password');
    expect(tooLong.body.message).toMatch(/^Use at most 128 characters/);

    const same = await changePassword(token, { currentPassword: user.password, newPassword: user.password, code });
    expect(same.body.error).toBe('password_unchanged');

    // None of these spent the code: it still changes the password.
    const ok = await changePassword(token, { currentPassword: user.password, newPassword: strongPassword(), code });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('refuses a password built from the person’s own email, which it accepts from someone else', async () => {
    const unique = Math.random().toString(36).slice(2, 7);
    const password = `first-${unique}-password`;
    const row = await createUser(t.server.db, { companyId, email: `marguerite.okonkwo@harbourline-${unique}.example`, name: 'Marguerite Okonkwo', role: 'user', password });
    const user = { id: row.id, email: row.email, password, companyId };
    const other = await seedUser(t, companyId);
    const fromEmail = 'Marguerite.Okonkwo2024';
    const refused = await changePassword((await passwordSession(t, user)).accessToken, { currentPassword: user.password, newPassword: fromEmail });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('weak_password');
    expect(refused.body.message).toBe('That password is too easy to guess. There should not be any personal or page related data. Add more words that are less common.');
    // The same characters are no guess for someone else: it is the owner's email and name that gave it away.
    const accepted = await changePassword((await passwordSession(t, other)).accessToken, { currentPassword: other.password, newPassword: fromEmail });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  });
});

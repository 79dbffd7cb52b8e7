import { beforeEach, describe, expect, it } from 'vitest';
import { deliveredTo } from '@rms/test-kit/delivered-mail';
import { api, passwordSession, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import { LOGIN_WINDOW_MS } from '../../src/domain/login-throttle.js';
import { headingOf, linkIn, submitForm } from '../support/account-links.js';
import { withServerAndSink } from '../support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
let companyId: string;
withServerAndSink((world) => ({ t, sink, companyId } = world));
beforeEach(() => t.clock.advance(LOGIN_WINDOW_MS + 1_000));

function strongPassword(): string {
  return `lantern-orchid-basalt-${Math.random().toString(36).slice(2, 8)}-kiwi`;
}

async function lastLink(email: string, subject: string, kind: 'reset-password' | 'not-me'): Promise<string> {
  const mail = (await deliveredTo(t, sink, email)).filter((m) => m.subject.endsWith(subject)).at(-1);
  const link = linkIn(mail, kind);
  if (!link) throw new Error(`no ${kind} link in "${subject}" to ${email}`);
  return link;
}

async function resetLink(email: string): Promise<string> {
  expect((await api(t, 'POST', '/auth/password-reset', { body: { email } })).status).toBe(202);
  return lastLink(email, 'Set a new password', 'reset-password');
}

describe('attack: a reset link read from a mailbox the person has since taken back', () => {
  it('no longer sets the password once the person changed it in the app', async () => {
    const user = await seedUser(t, companyId);
    const session = await passwordSession(t, user);
    const stolen = await resetLink(user.email);

    const chosen = strongPassword();
    const changed = await api(t, 'POST', '/me/password', {
      token: session.accessToken,
      body: { currentPassword: user.password, newPassword: chosen },
    });
    expect(changed.status).toBe(200);

    const attacker = strongPassword();
    const used = await submitForm(t, stolen, { password: attacker, again: attacker });
    expect(used.status).toBe(410);
    expect(headingOf(used)).toBe('This link was already used');
    expect((await api(t, 'POST', '/auth/login', { body: { email: user.email, password: attacker } })).body.error).toBe('invalid_credentials');
    expect((await api(t, 'POST', '/auth/login', { body: { email: user.email, password: chosen } })).body.status).toBe('authenticated');
  });

  it('no longer sets the password once the person reported "this wasn\'t me", even after an administrator unlocked the account', async () => {
    const admin = await seedEnrolledUser(t, companyId, 'admin');
    const user = await seedEnrolledUser(t, companyId);
    const stolen = await resetLink(user.email);
    const notMe = await lastLink(user.email, 'Two-factor authentication was turned on', 'not-me');
    expect((await submitForm(t, notMe, { confirm: 'yes' })).status).toBe(200);
    t.clock.advance(30_000);
    const unlocked = await api(t, 'POST', `/company/users/${user.id}/unlock`, {
      token: admin.session.accessToken,
      body: { code: totpAt(admin.secret, t.clock.now()) },
    });
    expect(unlocked.status).toBe(200);

    const attacker = strongPassword();
    const used = await submitForm(t, stolen, { password: attacker, again: attacker });
    expect(used.status).toBe(410);
    expect((await api(t, 'POST', '/auth/login', { body: { email: user.email, password: attacker } })).body.error).toBe('invalid_credentials');
    expect((await api(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).body.status).toBe('code_required');
  });
});

describe('attack: signing in with the password while the person confirms "this wasn\'t me"', () => {
  it('leaves the thief no session that works, during the lock or after an administrator lifts it', async () => {
    const admin = await seedEnrolledUser(t, companyId, 'admin');
    const user = await seedUser(t, companyId);
    const session = await passwordSession(t, user);
    const newPassword = strongPassword();
    expect((await api(t, 'POST', '/me/password', { token: session.accessToken, body: { currentPassword: user.password, newPassword } })).status).toBe(200);
    const thief = { ...user, password: newPassword };
    const notMe = await lastLink(user.email, 'Your password was changed', 'not-me');

    // The thief keeps signing in; each sign-in reads the account before its password check (argon2id,
    // tens of milliseconds) and writes its session after it, so the report lands in between some of them.
    const logins = Array.from({ length: 8 }, () =>
      api<{ status?: string; session?: { accessToken: string; refreshToken: string } }>(t, 'POST', '/auth/login', {
        body: { email: thief.email, password: thief.password },
      }),
    );
    const reported = await submitForm(t, notMe, { confirm: 'yes' });
    expect(reported.status).toBe(200);
    const sessions = (await Promise.all(logins)).flatMap((answer) => (answer.body.session ? [answer.body.session] : []));
    expect((await api(t, 'POST', '/auth/login', { body: { email: thief.email, password: thief.password } })).body.error).toBe('account_locked');

    for (const stolen of sessions) {
      expect((await api(t, 'GET', '/me', { token: stolen.accessToken })).status).toBe(401);
    }
    t.clock.advance(30_000);
    const unlocked = await api(t, 'POST', `/company/users/${user.id}/unlock`, {
      token: admin.session.accessToken,
      body: { code: totpAt(admin.secret, t.clock.now()) },
    });
    expect(unlocked.status).toBe(200);
    for (const stolen of sessions) {
      expect((await api(t, 'GET', '/me', { token: stolen.accessToken })).status).toBe(401);
      expect((await api(t, 'POST', '/auth/refresh', { body: { refreshToken: stolen.refreshToken } })).status).toBe(401);
    }
  });
});

describe('attack: a sign-in racing "this wasn\'t me" goes on to set up the thief\'s own phone', () => {
  it('cannot start, confirm or complete a setup on the locked account, so after the unlock the person is not held to the thief\'s authenticator', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const user = await seedUser(t, company.id);
    const session = await passwordSession(t, user);
    const password = strongPassword();
    expect((await api(t, 'POST', '/me/password', { token: session.accessToken, body: { currentPassword: user.password, newPassword: password } })).status).toBe(200);
    const notMe = await lastLink(user.email, 'Your password was changed', 'not-me');
    t.clock.advance(30_000);
    const policy = await api(t, 'PUT', '/company/two-factor-policy', {
      token: admin.session.accessToken,
      body: { twoFactorAtLogin: 'required', notifyUnenrolled: false },
    });
    expect(policy.status).toBe(200);

    const logins = Array.from({ length: 8 }, () =>
      api<{ status?: string; challenge?: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password } }),
    );
    expect((await submitForm(t, notMe, { confirm: 'yes' })).status).toBe(200);
    const challenges = (await Promise.all(logins)).flatMap((answer) => (answer.body.challenge ? [answer.body.challenge] : []));

    for (const challenge of challenges) {
      const start = await api<{ secret?: string; error?: string }>(t, 'POST', '/auth/enrollment', { body: { challenge } });
      if (start.body.secret) {
        await api(t, 'POST', '/auth/enrollment/confirm', { body: { challenge, code: totpAt(start.body.secret, t.clock.now()) } });
        await api(t, 'POST', '/auth/enrollment/complete', { body: { challenge, backupCodeSaved: true } });
      }
      // A sign-in that wrote its challenge before the lock had it ended (401); one after it is refused (403).
      expect([401, 403]).toContain(start.status);
      expect(['invalid_challenge', 'account_locked']).toContain(start.body.error);
    }
    const row = await t.server.db.selectFrom('users').select(['two_factor_enabled_at', 'pending_secret_enc']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ two_factor_enabled_at: null, pending_secret_enc: null });
  });
});

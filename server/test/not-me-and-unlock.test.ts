import { describe, expect, it } from 'vitest';
import { CompanyUser } from '@rms/shared';
import { deliveredTo, subjectsTo } from '@rms/test-kit/delivered-mail';
import { api, passwordSession, seedCompany, seedEnrolledUser, seedUser, signInWithCode } from '@rms/test-kit/seed';
import type { SeededUser } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import { headingOf, linkIn, openPage, submitForm } from './support/account-links.js';
import { withServerAndSink } from './support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
withServerAndSink((world) => ({ t, sink } = world));

type Admin = Awaited<ReturnType<typeof seedEnrolledUser>>;

/** A user with 2FA on (whose "Two-factor authentication was turned on" email carries the link), two admins. */
async function world() {
  const company = await seedCompany(t);
  const admin = await seedEnrolledUser(t, company.id, 'admin');
  const otherAdmin = await seedEnrolledUser(t, company.id, 'admin');
  const user = await seedEnrolledUser(t, company.id);
  return { company, admin, otherAdmin, user };
}

async function notMeLink(email: string, subject = 'Two-factor authentication was turned on'): Promise<string> {
  const mail = (await deliveredTo(t, sink, email)).find((m) => m.subject.endsWith(subject));
  const link = linkIn(mail, 'not-me');
  if (!link) throw new Error(`no not-me link in "${subject}" to ${email}`);
  return link;
}

function login(user: Pick<SeededUser, 'email' | 'password'>, password = user.password) {
  return api<{ status?: string; error?: string; message?: string; retryAfterSeconds?: number }>(t, 'POST', '/auth/login', {
    body: { email: user.email, password },
  });
}

function adminCall(admin: Admin, path: string, body: Record<string, unknown> = { code: totpAt(admin.secret, t.clock.now()) }) {
  t.clock.advance(30_000);
  return api<Record<string, unknown>>(t, 'POST', path, { token: admin.session.accessToken, body });
}

describe('"This wasn\'t me" links', () => {
  it('come in every security email to the person, each its own 7-day link; the outbox holds no token', async () => {
    const { admin, user } = await world();
    const enabled = await notMeLink(user.email);
    expect(admin.companyId).toBe(user.companyId);
    await signInWithCode(t, user);
    expect((await api(t, 'DELETE', '/me/sessions', { token: user.session.accessToken })).body).toEqual({ signedOut: 1 });
    const signedOut = await notMeLink(user.email, 'Your other devices were signed out');
    expect(signedOut).not.toBe(enabled);
    const outbox = await t.server.db.selectFrom('outbox').select('body_text').where('to_address', '=', user.email).execute();
    expect(outbox.every((row) => /\[\[rms-link:[0-9a-f-]{36}\]\]/.test(row.body_text))).toBe(true);
    expect(outbox.some((row) => row.body_text.includes(enabled.split('/').at(-1) as string))).toBe(false);
    const page = await openPage(t, enabled);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('Two-factor authentication was turned on');
    t.clock.advance(7 * 24 * 60 * 60 * 1000 + 1);
    const expired = await openPage(t, enabled);
    expect(expired.status).toBe(410);
    expect(headingOf(expired)).toBe('This link has expired');
  });

  it('confirmed: every session ends at once, sign-in is locked with a sentence, every admin is told; looking alone changes nothing', async () => {
    const { admin, otherAdmin, user } = await world();
    const link = await notMeLink(user.email);
    for (let i = 0; i < 2; i += 1) expect(headingOf(await openPage(t, link))).toBe('This wasn&#39;t me');
    // Without the confirmation field the form only shows the page again (303 to it).
    expect(headingOf(await submitForm(t, link, {}))).toBe('This wasn&#39;t me');
    expect((await api(t, 'GET', '/me', { token: user.session.accessToken })).status).toBe(200);
    const waiting = await login(user);
    expect(waiting.body.status).toBe('code_required');

    const cross = await submitForm(t, link, { confirm: 'yes' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(cross.status).toBe(403);
    expect((await api(t, 'GET', '/me', { token: user.session.accessToken })).status).toBe(200);

    const done = await submitForm(t, link, { confirm: 'yes' });
    expect(done.status).toBe(200);
    expect(headingOf(done)).toBe('Your account is locked');
    expect((await api(t, 'GET', '/me', { token: user.session.accessToken })).body.error).toBe('session_revoked');
    expect((await api(t, 'POST', '/auth/refresh', { body: { refreshToken: user.session.refreshToken } })).body.error).toBe('session_revoked');

    const locked = await login(user);
    expect(locked.status).toBe(403);
    expect(locked.body.error).toBe('account_locked');
    expect(locked.body.message).toContain('Contact your administrator');
    expect(locked.body.retryAfterSeconds).toBeUndefined();
    // A wrong password learns nothing of the lock.
    expect((await login(user, 'not-the-password')).body.error).toBe('invalid_credentials');

    expect(headingOf(await submitForm(t, link, { confirm: 'yes' }))).toBe('This link was already used');

    expect(await subjectsTo(t, sink, user.email)).toContain('Your account is locked, as you asked');
    const confirmation = (await deliveredTo(t, sink, user.email)).find((m) => m.subject.endsWith('Your account is locked, as you asked'));
    expect(linkIn(confirmation, 'not-me')).toBeUndefined();
    for (const a of [admin, otherAdmin]) {
      const told = (await deliveredTo(t, sink, a.email)).filter((m) => m.subject.endsWith('A user reported activity that was not theirs'));
      expect(told).toHaveLength(1);
      expect(told[0]?.text).toContain(user.email);
      expect(linkIn(told[0], 'not-me')).toBeUndefined();
    }
    const audit = await t.server.db.selectFrom('audit_events').select(['type', 'details']).where('subject_id', '=', user.id).where('type', '=', 'account.reported_not_me').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ about: 'Remote Management Service: Two-factor authentication was turned on', sessionsEnded: 1 });

    const listed = await api<{ items: CompanyUser[] }>(t, 'GET', '/company/users', { token: admin.session.accessToken });
    expect(listed.body.items.find((u) => u.id === user.id)?.locked).toBe(true);
  });
});

describe('"This wasn\'t me" from the failed-second-step alert', () => {
  it('the alert after 3 wrong codes carries the link; confirming it shuts out the one who knows the password', async () => {
    const { user } = await world();
    const attempt = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    for (let i = 0; i < 3; i += 1) {
      const wrong = await api(t, 'POST', '/auth/verify', { body: { challenge: attempt.body.challenge, code: totpAt(user.secret, t.clock.now() + 20 * 60_000) } });
      expect(wrong.status).toBe(401);
    }
    const link = await notMeLink(user.email, 'Someone who knows your password tried to sign in');
    expect(headingOf(await submitForm(t, link, { confirm: 'yes' }))).toBe('Your account is locked');
    expect((await login(user)).body.error).toBe('account_locked');
    expect((await api(t, 'GET', '/me', { token: user.session.accessToken })).body.error).toBe('session_revoked');
  });
});

describe('POST /company/users/:id/unlock', () => {
  it('needs the admin\'s own current code and another user of the company; then the user signs in again, audited and emailed', async () => {
    const { admin, user } = await world();
    await submitForm(t, await notMeLink(user.email), { confirm: 'yes' });
    const path = `/company/users/${user.id}/unlock`;

    expect((await adminCall(admin, path, {})).status).toBe(400);
    expect((await adminCall(admin, path, { code: '000000' })).body.error).toBe('invalid_code');
    expect((await adminCall(admin, `/company/users/${admin.id}/unlock`)).body.error).toBe('cannot_target_self');
    const stranger = await seedEnrolledUser(t, (await seedCompany(t)).id, 'admin');
    expect((await adminCall(stranger, path)).body.error).toBe('user_not_found');
    const plainAdmin = await seedUser(t, admin.companyId, 'admin');
    const plainSession = await passwordSession(t, plainAdmin);
    expect((await api(t, 'POST', path, { token: plainSession.accessToken, body: { code: '123456' } })).body.error).toBe('admin_two_factor_required');
    expect((await login(user)).body.error).toBe('account_locked');

    const unlocked = await adminCall(admin, path);
    expect(unlocked.status).toBe(200);
    expect(CompanyUser.parse(unlocked.body)).toMatchObject({ id: user.id, locked: false, lockedUntil: null });
    expect((await login(user)).body.status).toBe('code_required');

    const audit = await t.server.db.selectFrom('audit_events').select(['type', 'actor_id', 'details']).where('subject_id', '=', user.id).where('type', '=', 'account.unlocked').execute();
    expect(audit).toEqual([{ type: 'account.unlocked', actor_id: admin.id, details: JSON.stringify({ reportedNotMe: true, afterFailedCodes: false }) }]);
    expect(await subjectsTo(t, sink, user.email)).toContain('Sign-in to your account was unlocked');
    // Unlocking someone who is not locked changes nothing and writes nothing.
    expect((await adminCall(admin, path)).status).toBe(200);
    expect(await t.server.db.selectFrom('audit_events').select('id').where('subject_id', '=', user.id).where('type', '=', 'account.unlocked').execute()).toHaveLength(1);
  });
});

describe('POST /company/users/:id/sessions/revoke (admin "Sign out everywhere")', () => {
  it('ends every session of the user at once (refresh tokens fail), with the step-up code; not for the admin themselves', async () => {
    const { admin, user } = await world();
    const second = await passwordSession(t, { ...user }).catch(() => null);
    expect(second).toBeNull(); // 2FA on: a password alone opens no session
    const path = `/company/users/${user.id}/sessions/revoke`;
    expect((await adminCall(admin, path, { code: '000000' })).body.error).toBe('invalid_code');
    expect((await api(t, 'GET', '/me', { token: user.session.accessToken })).status).toBe(200);
    const self = await adminCall(admin, `/company/users/${admin.id}/sessions/revoke`);
    expect(self.status).toBe(403);
    expect(self.body.error).toBe('cannot_target_self');
    const notAdmin = await api(t, 'POST', `/company/users/${admin.id}/sessions/revoke`, {
      token: user.session.accessToken,
      body: { code: totpAt(user.secret, t.clock.now()) },
    });
    expect(notAdmin.body.error).toBe('forbidden');

    const done = await adminCall(admin, path);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ signedOut: 1 });
    expect((await api(t, 'POST', '/auth/refresh', { body: { refreshToken: user.session.refreshToken } })).body.error).toBe('session_revoked');
    expect((await api(t, 'GET', '/me', { token: user.session.accessToken })).body.error).toBe('session_revoked');
    const audit = await t.server.db.selectFrom('audit_events').select(['actor_id', 'details']).where('subject_id', '=', user.id).where('type', '=', 'auth.sessions_revoked_by_admin').execute();
    expect(audit).toEqual([{ actor_id: admin.id, details: JSON.stringify({ signedOut: 1 }) }]);
    const mail = (await deliveredTo(t, sink, user.email)).find((m) => m.subject.endsWith('An administrator signed your account out everywhere'));
    expect(mail?.text).toContain(`By: ${admin.email}`);
    expect(linkIn(mail, 'not-me')).toBeDefined();
  });
});

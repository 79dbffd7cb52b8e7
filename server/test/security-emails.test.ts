import { describe, expect, it } from 'vitest';
import { deliveredTo as deliveredToSink, subjectsTo as subjectsDeliveredTo } from '@rms/test-kit/delivered-mail';
import { api, enrollWithSession, passwordSession, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import type { TestServer } from '@rms/test-kit/test-server';
import { timeStep, totpAt, totpForStep } from '@rms/test-kit/totp';
import { withServerAndSink } from './support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
let companyId: string;
withServerAndSink((world) => ({ t, sink, companyId } = world));

function deliveredTo(email: string) {
  return deliveredToSink(t, sink, email);
}

function subjectsTo(email: string): Promise<string[]> {
  return subjectsDeliveredTo(t, sink, email);
}

describe('every 2FA change emails the user (through a real SMTP server)', () => {
  it('enabled, new backup code, device changed, code reused', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const token = user.session.accessToken;
    await api(t, 'POST', '/me/two-factor/backup-code', { token, body: { code: totpAt(user.secret, t.clock.now()) } });
    t.clock.advance(30_000);
    const change = await api<{ secret: string }>(t, 'POST', '/me/two-factor/device-change', { token, body: { code: totpAt(user.secret, t.clock.now()) } });
    t.clock.advance(30_000);
    await api(t, 'POST', '/me/two-factor/device-change/confirm', { token, body: { code: totpAt(change.body.secret, t.clock.now()) } });
    const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    const reused = await api(t, 'POST', '/auth/verify', { body: { challenge: login.body.challenge, code: totpAt(change.body.secret, t.clock.now()) } });
    expect(reused.body.error).toBe('code_already_used');
    // Delivery order is the worker's business; each change is reported exactly once.
    expect((await subjectsTo(user.email)).sort()).toEqual(
      [
        'Two-factor authentication was turned on',
        'A new backup code was created',
        'Your two-factor authentication device was changed',
        'A verification code of yours was used twice',
      ].sort(),
    );
  });

  it('reset by backup code: the email says so and names the client address', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    const res = await api(t, 'POST', '/auth/recover', { body: { challenge: login.body.challenge, backupCode: user.backupCode } });
    expect(res.status).toBe(200);
    const mail = (await deliveredTo(user.email)).find((m) => m.subject.includes('backup code was used'));
    expect(mail).toBeDefined();
    expect(mail?.text).toContain('127.0.0.1');
    expect(mail?.text).not.toContain(user.backupCode);
  });

  it('reset by an administrator, turned off, and account locked', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const user = await seedEnrolledUser(t, company.id);
    await api(t, 'POST', `/company/users/${user.id}/two-factor/reset`, { token: admin.session.accessToken, body: { code: totpAt(admin.secret, t.clock.now()) } });
    expect(await subjectsTo(user.email)).toContain('An administrator reset your two-factor authentication');

    const other = await seedUser(t, company.id);
    const session = await passwordSession(t, other);
    const enrolled = await enrollWithSession(t, session.accessToken);
    await api(t, 'DELETE', '/me/two-factor', { token: session.accessToken, body: { code: totpAt(enrolled.secret, t.clock.now()) } });
    expect(await subjectsTo(other.email)).toContain('Two-factor authentication was turned off');

    const locked = await seedEnrolledUser(t, company.id);
    await t.server.db.updateTable('users').set({ failed_code_attempts: 99 }).where('id', '=', locked.id).execute();
    const login = await api<{ challenge: string }>(t, 'POST', '/auth/login', { body: { email: locked.email, password: locked.password } });
    const step = timeStep(t.clock.now());
    const near = new Set(Array.from({ length: 43 }, (_, i) => totpForStep(locked.secret, step - 21 + i)));
    const wrong = ['000000', '111111', '222222'].find((c) => !near.has(c)) as string;
    await api(t, 'POST', '/auth/verify', { body: { challenge: login.body.challenge, code: wrong } });
    expect(await subjectsTo(locked.email)).toContain('Sign-in to your account was locked');
  });
});

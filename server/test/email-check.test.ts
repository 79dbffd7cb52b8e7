// The email check before a first enrollment at sign-in (docs/two-factor.md): with the company
// option on, a code emailed to the person must come back before an authenticator can be set up.
import { describe, expect, it } from 'vitest';
import { deliveredTo } from '@rms/test-kit/delivered-mail';
import { api, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import { withServerAndSink } from './support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
withServerAndSink((world) => ({ t, sink } = world));

/** A company requiring 2FA with the email check on (set by its administrator over HTTP), and a person without 2FA. */
async function setup() {
  const company = await seedCompany(t);
  const admin = await seedEnrolledUser(t, company.id, 'admin');
  const put = await api<{ verifyEmailBeforeEnrollment: boolean }>(t, 'PUT', '/company/two-factor-policy', {
    token: admin.session.accessToken,
    body: { twoFactorAtLogin: 'required', verifyEmailBeforeEnrollment: true },
  });
  expect(put.status).toBe(200);
  expect(put.body.verifyEmailBeforeEnrollment).toBe(true);
  const user = await seedUser(t, company.id);
  return { company, admin, user };
}

async function enrollmentChallenge(user: { email: string; password: string }): Promise<string> {
  const login = await api<{ status: string; challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
  expect(login.body.status).toBe('enrollment_required');
  return login.body.challenge;
}

/** The codes emailed to `email`, oldest first. */
async function emailedCodes(email: string): Promise<string[]> {
  const mails = await deliveredTo(t, sink, email);
  return mails.flatMap((m) => /Your code: (\d{6})/.exec(m.text)?.[1] ?? []);
}

function start(challenge: string, emailCode?: string) {
  return api<{ secret?: string; error?: string }>(t, 'POST', '/auth/enrollment', { body: emailCode ? { challenge, emailCode } : { challenge } });
}

async function pendingSecret(userId: string) {
  const row = await t.server.db.selectFrom('users').select('pending_secret_enc').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.pending_secret_enc;
}

describe('verifyEmailBeforeEnrollment', () => {
  it('is off by default and shown in GET /company', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const before = await api<{ verifyEmailBeforeEnrollment: boolean }>(t, 'GET', '/company', { token: admin.session.accessToken });
    expect(before.body.verifyEmailBeforeEnrollment).toBe(false);
    // Off: the first enrollment starts at once, as always.
    await t.server.db.updateTable('companies').set({ two_factor_at_login: 'required' }).where('id', '=', company.id).execute();
    const user = await seedUser(t, company.id);
    expect((await start(await enrollmentChallenge(user))).status).toBe(200);
  });

  it('a password thief without the mailbox cannot enrol their phone', async () => {
    const { user } = await setup();
    const challenge = await enrollmentChallenge(user);
    const first = await start(challenge);
    expect(first.status).toBe(409);
    expect(first.body.error).toBe('email_code_required');
    expect(first.body.secret).toBeUndefined();
    // Guessing is throttled like codes, and no secret is ever handed out.
    let last = await start(challenge, '000000');
    expect(last.status).toBe(401);
    expect(last.body.error).toBe('invalid_email_code');
    for (let i = 0; i < 5; i += 1) last = await start(challenge, String(100000 + i));
    expect(last.status).toBe(429);
    expect(await pendingSecret(user.id)).toBeNull();
    const audit = await t.server.db.selectFrom('users').select('two_factor_enabled_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(audit.two_factor_enabled_at).toBeNull();
  });

  it('the person reads the code from their mailbox and sets up their phone; the code works once, in that sign-in only', async () => {
    const { user } = await setup();
    const challenge = await enrollmentChallenge(user);
    expect((await start(challenge)).body.error).toBe('email_code_required');
    // Asking again within the minute sends no second email.
    expect((await start(challenge)).body.error).toBe('email_code_required');
    const codes = await emailedCodes(user.email);
    expect(codes).toHaveLength(1);
    const code = codes[0] as string;
    // Another sign-in cannot use it.
    const other = await enrollmentChallenge(user);
    expect((await start(other, code)).body.error).toBe('invalid_email_code');

    const started = await start(challenge, code);
    expect(started.status).toBe(200);
    const secret = started.body.secret as string;
    // Checked once for this sign-in: starting again needs no new code.
    expect((await start(challenge)).status).toBe(200);
    const again = await start(challenge, code);
    expect(again.status).toBe(200);
    const fresh = (await start(challenge)).body.secret as string;
    const confirm = await api(t, 'POST', '/auth/enrollment/confirm', { body: { challenge, code: totpAt(fresh, t.clock.now()) } });
    expect(confirm.status).toBe(200);
    const complete = await api(t, 'POST', '/auth/enrollment/complete', { body: { challenge, backupCodeSaved: true } });
    expect(complete.status).toBe(200);
    expect(secret).not.toBe(fresh);
    // The email carried the code as its purpose says, and never the setup key.
    const mail = (await deliveredTo(t, sink, user.email)).find((m) => m.text.includes('Your code:'));
    expect(mail?.subject).toContain('Your code to set up two-factor authentication');
    expect(mail?.text).not.toContain(fresh);
  });

  it('an emailed code lives 10 minutes and only its hash is stored', async () => {
    const { user } = await setup();
    const sentAt = t.clock.now();
    const challenge = await enrollmentChallenge(user);
    await start(challenge);
    const [code] = await emailedCodes(user.email);
    const row = await t.server.db.selectFrom('challenges').selectAll().where('user_id', '=', user.id).where('email_code_hash', 'is not', null).executeTakeFirstOrThrow();
    expect(Number(row.email_code_expires_at)).toBe(sentAt + 10 * 60_000);
    expect(JSON.stringify(row)).not.toContain(String(code));
  });
});

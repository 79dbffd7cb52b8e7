// Attack: someone who can read the database (a backup, a read-only SQL account, a leaked dump)
// looks for the 6-digit code emailed before a first enrollment, to pass the email check without
// the mailbox. The outbox must never hold the code: it is made when the email is sent, and the
// database keeps only its hash on the sign-in's challenge.
import { describe, expect, it } from 'vitest';
import { deliveredTo } from '@rms/test-kit/delivered-mail';
import { api, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import type { TestServer } from '@rms/test-kit/test-server';
import { withServerAndSink } from '../support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
withServerAndSink((world) => ({ t, sink } = world));

async function outboxDump(email: string): Promise<string> {
  return JSON.stringify(await t.server.db.selectFrom('outbox').selectAll().where('to_address', '=', email).execute());
}

describe('attack: reading the outbox table for the emailed enrollment code', () => {
  it('finds no code, neither while the email waits nor after it went out; the code from the mailbox works', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const put = await api(t, 'PUT', '/company/two-factor-policy', {
      token: admin.session.accessToken,
      body: { twoFactorAtLogin: 'required', verifyEmailBeforeEnrollment: true },
    });
    expect(put.status).toBe(200);
    const user = await seedUser(t, company.id);
    const login = await api<{ status: string; challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect(login.body.status).toBe('enrollment_required');
    const ask = await api<{ error?: string }>(t, 'POST', '/auth/enrollment', { body: { challenge: login.body.challenge } });
    expect(ask.body.error).toBe('email_code_required');
    const queued = await outboxDump(user.email);
    expect(JSON.parse(queued)).toHaveLength(1);

    const mails = await deliveredTo(t, sink, user.email);
    const code = mails.map((m) => /Your code: (\d{6})/.exec(m.text)?.[1]).find((c) => c !== undefined);
    if (!code) throw new Error('no code was emailed');
    const sent = await outboxDump(user.email);
    expect(JSON.parse(sent)).toHaveLength(1);
    for (const dump of [queued, sent]) expect(dump).not.toContain(code);

    // The challenge keeps only the hash; the code read from the mailbox passes the check.
    const challenge = await t.server.db.selectFrom('challenges').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(challenge)).not.toContain(code);
    const started = await api<{ secret?: string }>(t, 'POST', '/auth/enrollment', { body: { challenge: login.body.challenge, emailCode: code } });
    expect(started.status).toBe(200);
    expect(started.body.secret).toBeTruthy();
  });
});

// The alert when the password was right but the second step failed (docs/two-factor.md): 3 wrong
// codes in one sign-in, or a sign-in that expired unused, emails the person, at most once an hour.
import { describe, expect, it } from 'vitest';
import { alertExpiredSignIns } from '../src/domain/sign-in-alerts.js';
import { deliveredTo } from '@rms/test-kit/delivered-mail';
import { api, seedCompany, seedEnrolledUser, seedUser, signInWithCode } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import type { TestServer } from '@rms/test-kit/test-server';
import { timeStep, totpForStep } from '@rms/test-kit/totp';
import { withServerAndSink } from './support/server-and-sink.js';

let sink: SmtpSink;
let t: TestServer;
let companyId: string;
withServerAndSink((world) => ({ t, sink, companyId } = world));

const SUBJECT = 'Someone who knows your password tried to sign in';

async function alertsTo(email: string) {
  return (await deliveredTo(t, sink, email)).filter((m) => m.subject.endsWith(SUBJECT));
}

async function codeChallenge(user: { email: string; password: string }): Promise<string> {
  const login = await api<{ status: string; challenge: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
  expect(login.body.status).toBe('code_required');
  return login.body.challenge;
}

/** A wrong code far from any step (no clock hint). */
function wrongCode(user: { secret: string }): string {
  return totpForStep(user.secret, timeStep(t.clock.now()) + 40);
}

async function wrongCodes(user: { secret: string }, challenge: string, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    const res = await api(t, 'POST', '/auth/verify', { body: { challenge, code: wrongCode(user) } });
    expect(res.status).toBe(401);
  }
}

/** Forgets the failed-code throttle, so a test can make more wrong attempts without waiting. */
async function clearThrottle(userId: string) {
  await t.server.db.updateTable('users').set({ failed_code_attempts: 0, code_next_allowed_at: null }).where('id', '=', userId).execute();
}

describe('the alert after a failed second step', () => {
  it('3 wrong codes in one sign-in email the person once, naming the address and the time', async () => {
    const user = await seedEnrolledUser(t, companyId);
    const passwordAt = t.clock.now();
    const challenge = await codeChallenge(user);
    await wrongCodes(user, challenge, 2);
    expect(await alertsTo(user.email)).toHaveLength(0);
    await wrongCodes(user, challenge, 1);
    const [mail, ...more] = await alertsTo(user.email);
    expect(more).toHaveLength(0);
    const when = new Date(passwordAt).toISOString().slice(0, 19).replace('T', ' ');
    expect(mail?.text).toContain(`Someone who knows your password tried to sign in from 127.0.0.1 at ${when} UTC.`);
    // A fourth wrong code of the same sign-in sends nothing more.
    await wrongCodes(user, challenge, 1);
    expect(await alertsTo(user.email)).toHaveLength(1);
    const audit = await t.server.db.selectFrom('audit_events').select(['type', 'details']).where('subject_id', '=', user.id).where('type', '=', 'auth.second_step_failed').execute();
    expect(audit).toHaveLength(1);
  });

  it('wrong codes spread over sign-ins (2 + 2) send nothing; a person who gets it right is not alerted', async () => {
    const user = await seedEnrolledUser(t, companyId);
    await wrongCodes(user, await codeChallenge(user), 2);
    await wrongCodes(user, await codeChallenge(user), 2);
    await clearThrottle(user.id);
    // Those sign-ins are still live; the one that succeeds is consumed and never counts as expired.
    await signInWithCode(t, user);
    expect(await alertsTo(user.email)).toHaveLength(0);
    await alertExpiredSignIns(t.server.context);
    expect(await alertsTo(user.email)).toHaveLength(0);
  });

  it('a sign-in whose challenge expired unused emails the person once, when the sweep finds it', async () => {
    const user = await seedEnrolledUser(t, companyId);
    await codeChallenge(user);
    await alertExpiredSignIns(t.server.context);
    expect(await alertsTo(user.email)).toHaveLength(0);
    t.clock.advance(5 * 60_000 + 1);
    await alertExpiredSignIns(t.server.context);
    await alertExpiredSignIns(t.server.context);
    const mails = await alertsTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('did not enter a code before the sign-in expired');
  });

  it('at most once an hour per person', async () => {
    const user = await seedEnrolledUser(t, companyId);
    await wrongCodes(user, await codeChallenge(user), 3);
    await clearThrottle(user.id);
    await wrongCodes(user, await codeChallenge(user), 3);
    await clearThrottle(user.id);
    await codeChallenge(user);
    t.clock.advance(10 * 60_000);
    await alertExpiredSignIns(t.server.context);
    expect(await alertsTo(user.email)).toHaveLength(1);
    // An hour after the first alert, the next failed sign-in alerts again.
    t.clock.advance(50 * 60_000);
    await wrongCodes(user, await codeChallenge(user), 3);
    expect(await alertsTo(user.email)).toHaveLength(2);
  });

  it('an enrollment sign-in that expires is not a failed second step', async () => {
    const company = await seedCompany(t);
    await t.server.db.updateTable('companies').set({ two_factor_at_login: 'required' }).where('id', '=', company.id).execute();
    const user = await seedUser(t, company.id);
    const login = await api<{ status: string }>(t, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect(login.body.status).toBe('enrollment_required');
    t.clock.advance(6 * 60_000);
    await alertExpiredSignIns(t.server.context);
    expect(await alertsTo(user.email)).toHaveLength(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '@rms/test-kit/smtp-sink';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { enrollWithSession, signInWithCode } from '@rms/test-kit/seed';
import { DAY, REMINDER, SUMMARY, advanceAndDeliver, api, mailCount, newcomer, plan, rolloutCompany, seedUser, stepUpCode } from './rollout-world.js';

let t: TestServer;
let sink: SmtpSink;

// A fresh server per test: the clock moves by days, and each test counts the waves it queues.
beforeEach(async () => {
  sink = await startSmtpSink();
  t = await startTestServer({ smtpUrl: sink.url });
});
afterEach(async () => {
  await t?.close();
  await sink?.close();
});

type Login = { status: string; enrollmentDeadline?: string | null; session?: { accessToken: string } };
const login = (u: { email: string; password: string }) => api<Login>(t, 'POST', '/auth/login', { body: { email: u.email, password: u.password } });

describe('rolling out "2FA required" with a grace period', () => {
  it('lets an unenrolled person in until the deadline, says when, then holds them', async () => {
    const { admin, token } = await rolloutCompany(t);
    const tech = await seedUser(t, admin.companyId);
    const answer = await plan(t, token, { graceDays: 14 });
    const deadline = Date.parse(answer.deadline!);
    expect(deadline).toBe(t.clock.now() + 14 * DAY);
    expect(answer.rollout!.reminders.map(Date.parse)).toEqual([deadline - 7 * DAY, deadline - DAY]);

    const first = await login(tech);
    expect(first.body).toMatchObject({ status: 'authenticated', enrollmentDeadline: answer.deadline });
    const me = await api<{ enrollmentRequired: boolean; enrollmentDeadline: string | null }>(t, 'GET', '/me', { token: first.body.session!.accessToken });
    expect(me.body).toMatchObject({ enrollmentRequired: false, enrollmentDeadline: answer.deadline });
    // The session works for real work (not held) during the grace period.
    expect((await api(t, 'GET', '/me/sessions', { token: first.body.session!.accessToken })).status).toBe(200);

    t.clock.advance(14 * DAY);
    const late = await login(tech);
    expect(late.body.status).toBe('enrollment_required');
    // The device signed in during the grace period is held to enrollment too (after refreshing its token).
    const refreshed = await api<{ session: { accessToken: string } }>(t, 'POST', '/auth/refresh', {
      body: { refreshToken: (first.body.session as unknown as { refreshToken: string }).refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const token2 = refreshed.body.session.accessToken;
    const held = await api(t, 'GET', '/me/sessions', { token: token2 });
    expect(held.status).toBe(403);
    expect(held.body.error).toBe('enrollment_required');
    const heldMe = await api<{ enrollmentRequired: boolean; enrollmentDeadline: string | null }>(t, 'GET', '/me', { token: token2 });
    expect(heldMe.body).toMatchObject({ enrollmentRequired: true, enrollmentDeadline: null });
  });

  it('keeps the seed behaviour with graceDays 0: held at the next sign-in, no deadline, no waves', async () => {
    const { admin, token } = await rolloutCompany(t);
    const tech = await seedUser(t, admin.companyId);
    const answer = await plan(t, token, {});
    expect(answer.deadline).toBeNull();
    expect(answer.rollout!.reminders).toEqual([]);
    expect((await login(tech)).body.status).toBe('enrollment_required');
  });

  it('leaves people out of an administrators-only plan untouched', async () => {
    const { admin, token } = await rolloutCompany(t);
    const tech = await seedUser(t, admin.companyId);
    const otherAdmin = await seedUser(t, admin.companyId, 'admin');
    await plan(t, token, { appliesTo: 'administrators', graceDays: 0 });
    const techLogin = await login(tech);
    expect(techLogin.body.status).toBe('authenticated');
    expect(techLogin.body.enrollmentDeadline).toBeUndefined();
    const me = await api<{ enrollmentRequired: boolean; enrollmentDeadline: string | null }>(t, 'GET', '/me', { token: techLogin.body.session!.accessToken });
    expect(me.body).toMatchObject({ enrollmentRequired: false, enrollmentDeadline: null });
    expect((await login(otherAdmin)).body.status).toBe('enrollment_required');

    const users = await api<{ items: { email: string; rollout: { state: string } }[]; counts: Record<string, number> }>(t, 'GET', '/company/users', { token });
    const state = (email: string) => users.body.items.find((u) => u.email === email)?.rollout.state;
    expect(state(tech.email)).toBe('not_in_scope');
    expect(state(otherAdmin.email)).toBe('held');
    expect(state(admin.email)).toBe('enabled');
    // The compliance bar counts the administrators only.
    expect(users.body.counts).toEqual({ users: 3, enrolled: 1, inScope: 2, enrolledInScope: 1 });
    const filtered = await api<{ items: { email: string }[] }>(t, 'GET', '/company/users?state=not_in_scope', { token });
    expect(filtered.body.items.map((u) => u.email)).toEqual([tech.email]);
  });

  it('emails the notice only to the people in scope, with the deadline', async () => {
    const { admin, token } = await rolloutCompany(t);
    const tech = await seedUser(t, admin.companyId);
    const otherAdmin = await seedUser(t, admin.companyId, 'admin');
    const answer = await plan(t, token, { appliesTo: 'administrators', graceDays: 10, notifyUnenrolled: true });
    await t.server.mailWorker.drain();
    await sink.waitFor(() => sink.messagesTo(otherAdmin.email).length > 0);
    expect(sink.messagesTo(tech.email)).toHaveLength(0);
    const notice = sink.messagesTo(otherAdmin.email)[0]!;
    expect(notice.text.replace(/\s+/g, ' ')).toContain(`by ${answer.deadline!.slice(0, 19).replace('T', ' ')} UTC`);
  });

  it('gives a newcomer their own period from their first sign-in', async () => {
    const { admin, token } = await rolloutCompany(t);
    await plan(t, token, { graceDays: 2, newUserGraceDays: 10 });
    t.clock.advance(5 * DAY); // the plan's own deadline has passed
    const fresh = await newcomer(t, admin.companyId);
    let adminToken = (await signInWithCode(t, admin)).accessToken;
    const before = await api<{ items: { email: string; rollout: { state: string; deadline: string | null } }[] }>(t, 'GET', '/company/users?state=due', { token: adminToken });
    expect(before.body.items.find((u) => u.email === fresh.email)?.rollout).toEqual({ state: 'due', deadline: null });
    t.clock.advance(3 * DAY); // counting starts at the first sign-in, not at the account's creation
    const signInAt = t.clock.now();
    const first = await login(fresh);
    expect(first.body).toMatchObject({ status: 'authenticated', enrollmentDeadline: new Date(signInAt + 10 * DAY).toISOString() });
    t.clock.advance(9 * DAY);
    expect((await login(fresh)).body).toMatchObject({ status: 'authenticated', enrollmentDeadline: new Date(signInAt + 10 * DAY).toISOString() });
    t.clock.advance(1 * DAY);
    expect((await login(fresh)).body.status).toBe('enrollment_required');
    adminToken = (await signInWithCode(t, admin)).accessToken;
    const held = await api<{ items: { email: string }[] }>(t, 'GET', '/company/users?state=held', { token: adminToken });
    expect(held.body.items.map((u) => u.email)).toContain(fresh.email);
  });

  it('previews who will be held, the reminder dates and the deadline, changing nothing', async () => {
    const { admin, token } = await rolloutCompany(t);
    const a = await seedUser(t, admin.companyId);
    const b = await seedUser(t, admin.companyId, 'admin');
    await login(a); // a has signed in once
    const now = t.clock.now();
    const preview = await api<{ affected: number; users: { email: string; lastSignInAt: string | null }[]; reminders: string[]; deadline: string }>(
      t,
      'GET',
      '/company/two-factor-policy/preview?twoFactorAtLogin=required&appliesTo=everyone&graceDays=14&newUserGraceDays=3',
      { token },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.affected).toBe(2);
    expect(preview.body.users.map((u) => u.email).sort()).toEqual([a.email, b.email].sort());
    expect(preview.body.users.find((u) => u.email === a.email)?.lastSignInAt).toBe(new Date(now).toISOString());
    expect(preview.body.deadline).toBe(new Date(now + 14 * DAY).toISOString());
    expect(preview.body.reminders).toEqual([new Date(now + 7 * DAY).toISOString(), new Date(now + 13 * DAY).toISOString()]);
    const admins = await api<{ affected: number }>(t, 'GET', '/company/two-factor-policy/preview?twoFactorAtLogin=required&appliesTo=administrators&graceDays=3', { token });
    expect(admins.body.affected).toBe(1);
    const short = await api<{ reminders: string[] }>(t, 'GET', '/company/two-factor-policy/preview?twoFactorAtLogin=required&graceDays=3', { token });
    expect(short.body.reminders).toEqual([new Date(now + 2 * DAY).toISOString()]); // the 7-day wave is already past
    const company = await api<{ twoFactorAtLogin: string }>(t, 'GET', '/company', { token });
    expect(company.body.twoFactorAtLogin).toBe('optional');
    const bad = await api(t, 'GET', '/company/two-factor-policy/preview?twoFactorAtLogin=required&graceDays=91', { token });
    expect(bad.status).toBe(400);
    const tech = await api(t, 'GET', '/company/two-factor-policy/preview?twoFactorAtLogin=required', {
      token: (await login(a)).body.session!.accessToken,
    });
    expect(tech.status).toBe(403);
  });

  it('keeps the current plan and its deadline when the policy is saved again unchanged', async () => {
    const { token } = await rolloutCompany(t);
    const first = await plan(t, token, { graceDays: 14, newUserGraceDays: 3 });
    t.clock.advance(60_000);
    const again = await plan(t, token, { graceDays: 14, newUserGraceDays: 3 });
    expect(again.deadline).toBe(first.deadline);
    const untouched = await api<{ deadline: string | null }>(t, 'PUT', '/company/two-factor-policy', { token, body: { twoFactorAtLogin: 'required' } });
    expect(untouched.body.deadline).toBe(first.deadline);
    const changed = await plan(t, token, { graceDays: 10 });
    expect(changed.deadline).not.toBe(first.deadline);
  });

  it('audits every plan change', async () => {
    const { admin, token } = await rolloutCompany(t);
    await plan(t, token, { graceDays: 14 });
    await plan(t, token, { graceDays: 30, appliesTo: 'administrators', code: stepUpCode(t, admin) });
    await api(t, 'PUT', '/company/two-factor-policy', { token, body: { twoFactorAtLogin: 'optional', code: stepUpCode(t, admin) } });
    const audit = await api<{ items: { type: string; details: Record<string, unknown> }[] }>(t, 'GET', '/company/audit?limit=100', { token });
    const planned = audit.body.items.filter((e) => e.type === 'company.rollout_planned');
    expect(planned).toHaveLength(2);
    expect(planned.map((e) => e.details.graceDays).sort()).toEqual([14, 30]);
    expect(audit.body.items.filter((e) => e.type === 'company.rollout_ended')).toHaveLength(1);
  });
});

describe('reminder waves and the deadline summary', () => {
  it('sends each wave once per person, drops people who enrol, and sums up to every admin at the deadline', async () => {
    const { admin, token } = await rolloutCompany(t);
    const second = await seedUser(t, admin.companyId, 'admin');
    const stays = await seedUser(t, admin.companyId);
    const enrols = await seedUser(t, admin.companyId);
    await plan(t, token, { graceDays: 14 });

    expect(await advanceAndDeliver(t, 7 * DAY - 1)).toBe(0); // not yet
    expect(await advanceAndDeliver(t, 1)).toBe(3); // 7 days before: stays, enrols, the unenrolled admin
    expect(await advanceAndDeliver(t, 60_000)).toBe(0); // a second run queues nothing
    for (const u of [stays, enrols, second]) expect(mailCount(sink, u.email, REMINDER)).toBe(1);
    expect(mailCount(sink, admin.email, REMINDER)).toBe(0);

    const session = (await login(enrols)).body.session!;
    await enrollWithSession(t, session.accessToken);
    expect(await advanceAndDeliver(t, 6 * DAY)).toBe(2); // 1 day before: not the one who enrolled
    expect(mailCount(sink, enrols.email, REMINDER)).toBe(1);
    expect(mailCount(sink, stays.email, REMINDER)).toBe(2);

    expect(await advanceAndDeliver(t, DAY)).toBe(2); // the summary, to both admins
    for (const a of [admin, second]) {
      const summaries = sink.messagesTo(a.email).filter((m) => SUMMARY.test(m.subject));
      expect(summaries).toHaveLength(1);
      expect(summaries[0]!.text).toContain(stays.email);
      expect(summaries[0]!.subject).toContain('2 enrolled, 2 not yet');
    }
    expect(await advanceAndDeliver(t, DAY)).toBe(0);
  });

  it('skips waves already past when the plan is made', async () => {
    const { admin, token } = await rolloutCompany(t);
    const tech = await seedUser(t, admin.companyId);
    const answer = await plan(t, token, { graceDays: 3 });
    expect(answer.rollout!.reminders).toHaveLength(1);
    await advanceAndDeliver(t, 3 * DAY);
    expect(mailCount(sink, tech.email, REMINDER)).toBe(1);
  });

  it('cancels waves not yet sent when the plan changes or the policy goes back to optional', async () => {
    const { admin, token } = await rolloutCompany(t);
    const tech = await seedUser(t, admin.companyId);
    await plan(t, token, { graceDays: 14 });
    await advanceAndDeliver(t, 7 * DAY); // first wave of plan 1 goes
    expect(mailCount(sink, tech.email, REMINDER)).toBe(1);
    // A new plan: 20 days from now; plan 1's 1-day wave and summary never go.
    let adminToken = (await signInWithCode(t, admin)).accessToken;
    const second = await plan(t, adminToken, { graceDays: 20 });
    expect(second.rollout!.reminders).toHaveLength(2);
    await advanceAndDeliver(t, 7 * DAY); // plan 1's deadline passes: nothing from it
    expect(mailCount(sink, tech.email, REMINDER)).toBe(1);
    expect(mailCount(sink, admin.email, SUMMARY)).toBe(0);
    await advanceAndDeliver(t, 6 * DAY); // plan 2's 7-day wave
    expect(mailCount(sink, tech.email, REMINDER)).toBe(2);
    adminToken = (await signInWithCode(t, admin)).accessToken;
    await api(t, 'PUT', '/company/two-factor-policy', { token: adminToken, body: { twoFactorAtLogin: 'optional', code: stepUpCode(t, admin) } });
    await advanceAndDeliver(t, 30 * DAY);
    expect(mailCount(sink, tech.email, REMINDER)).toBe(2);
    expect(mailCount(sink, admin.email, SUMMARY)).toBe(0);
    expect((await login(tech)).body.status).toBe('authenticated');
  });

  it('withdraws a queued wave\'s emails that have not gone out when the plan changes', async () => {
    const { admin, token } = await rolloutCompany(t);
    const tech = await seedUser(t, admin.companyId);
    await plan(t, token, { graceDays: 14 });
    await t.server.mailWorker.drain();
    await sink.stop(); // SMTP down: the wave is queued but cannot go out
    try {
      t.clock.advance(7 * DAY);
      const { runDueWaves } = await import('../../src/domain/rollout-waves.js');
      expect(await runDueWaves(t.server.context)).toBe(1);
      await t.server.mailWorker.drain();
      const adminToken = (await signInWithCode(t, admin)).accessToken;
      const optional = await api(t, 'PUT', '/company/two-factor-policy', { token: adminToken, body: { twoFactorAtLogin: 'optional', code: stepUpCode(t, admin) } });
      expect(optional.status).toBe(200);
      // A delivery attempt the background worker began before the plan changed (the step-up code's
      // clock step can make a retry due) is still in flight: let it fail while SMTP is down, as the
      // scenario says, instead of reaching the restarted sink. drain() waits for it.
      await t.server.mailWorker.drain();
    } finally {
      await sink.start();
    }
    t.clock.advance(DAY);
    await t.server.mailWorker.drain();
    expect(mailCount(sink, tech.email, REMINDER)).toBe(0);
  });
});

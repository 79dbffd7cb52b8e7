// Shared set-up of the rollout suites: a real server on the test clock with a loopback SMTP sink,
// a company with an enrolled administrator, and helpers to plan, run waves and read mail.
import { createUser } from '@rms/server/seeding';
import { api, seedCompany, seedEnrolledUser, seedUser } from '@rms/test-kit/seed';
import type { SeededUser } from '@rms/test-kit/seed';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import type { TestServer } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import { runDueWaves } from '../../src/domain/rollout-waves.js';

export const DAY = 24 * 60 * 60 * 1000;

/** A company with an enrolled administrator. */
export async function rolloutCompany(t: TestServer) {
  const company = await seedCompany(t);
  const admin = await seedEnrolledUser(t, company.id, 'admin');
  return { company, admin, token: admin.session.accessToken };
}

/** Moves the clock a step on and answers the administrator's current code (step-up for a change that lowers protection). */
export function stepUpCode(t: TestServer, admin: { secret: string }): string {
  t.clock.advance(30_000);
  return totpAt(admin.secret, t.clock.now());
}

/** Plans a rollout through the API; answers the body. */
export async function plan(t: TestServer, token: string, body: Record<string, unknown>) {
  const res = await api<{ deadline: string | null; rollout: { reminders: string[] } | null; error?: string }>(t, 'PUT', '/company/two-factor-policy', {
    token,
    body: { twoFactorAtLogin: 'required', notifyUnenrolled: false, ...body },
  });
  if (res.status !== 200) throw new Error(`plan: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A person created now on the test clock (a newcomer when a plan exists). */
export async function newcomer(t: TestServer, companyId: string): Promise<SeededUser> {
  const email = `new.${Math.random().toString(36).slice(2, 9)}@example.test`;
  const password = `pw-${Math.random().toString(36).slice(2)}-long`;
  const row = await createUser(t.server.db, { companyId, email, name: `Newcomer ${email}`, role: 'user', password, now: t.clock.now() });
  return { id: row.id, email, password, companyId };
}

/** Moves the test clock, queues the waves due by then and delivers the outbox. */
export async function advanceAndDeliver(t: TestServer, ms: number): Promise<number> {
  t.clock.advance(ms);
  const queued = await runDueWaves(t.server.context);
  await t.server.mailWorker.drain();
  return queued;
}

/** How many mails each address got whose subject matches. */
export function mailCount(sink: SmtpSink, address: string, subject: RegExp): number {
  return sink.messagesTo(address).filter((m) => subject.test(m.subject)).length;
}

export const REMINDER = /set up two-factor authentication within/;
export const SUMMARY = /2FA deadline passed/;

export { api, seedUser };

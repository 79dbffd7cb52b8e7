import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBulkUsers } from '@rms/test-kit/bulk-users';
import { api, seedCompany, seedEnrolledUser } from '@rms/test-kit/seed';
import { startSmtpSink } from '@rms/test-kit/smtp-sink';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import { testEngine } from '@rms/test-kit/test-database';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';

// The worker polls fast here so the run stays short; the retry policy is the real one.
process.env.RMS_MAIL_POLL_MS = '100';

// 5,000 on SQLite; 600 on PostgreSQL to keep the CI budget (delivery runs at ~40 messages/s). Override with HARDENING_CAMPAIGN_USERS.
const RECIPIENTS = Number(process.env.HARDENING_CAMPAIGN_USERS ?? (testEngine === 'sqlite' ? 5_000 : 600));

let t: TestServer;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestServer({ smtpUrl: sink.url });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

async function outboxStates(campaignId: string) {
  const rows = await t.server.db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('attempts').as('attempts')])
    .where('campaign_id', '=', campaignId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, { n: Number(r.n), attempts: Number(r.attempts) }]));
}

describe('fault: SMTP down for the first half of a campaign', () => {
  it(`still gets exactly one notice to each of ${RECIPIENTS} users after SMTP comes back`, async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const users = await insertBulkUsers(t.server.db, { companyId: company.id, count: RECIPIENTS, prefix: `campaign.${company.id.slice(0, 8)}.`, now: t.clock.now() });
    // Seeding queued the admin's own security notice: deliver it while SMTP is still up, so the outage starts clean.
    await t.server.mailWorker.drain();
    const deliveredBeforeOutage = sink.messages.length;
    await sink.stop(); // SMTP down
    const started = Date.now();
    const policy = await api<{ campaign: { id: string; total: number } }>(t, 'PUT', '/company/two-factor-policy', {
      token: admin.session.accessToken,
      body: { twoFactorAtLogin: 'required', notifyUnenrolled: true },
    });
    expect(policy.status).toBe(200);
    const campaign = policy.body.campaign;
    expect(campaign.total).toBe(RECIPIENTS);

    // While SMTP is down the worker keeps trying: wait until half the campaign has had a failed attempt.
    const deadline = Date.now() + 120_000;
    let failedOnce = 0;
    while (Date.now() < deadline) {
      const rows = await t.server.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('campaign_id', '=', campaign.id)
        .where('attempts', '>=', 1)
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      failedOnce = Number(rows.n);
      if (failedOnce >= RECIPIENTS / 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(failedOnce).toBeGreaterThanOrEqual(RECIPIENTS / 2);
    expect(sink.messages).toHaveLength(deliveredBeforeOutage); // nothing gets through while SMTP is down
    const during = await api<{ sent: number; failed: number; done: boolean }>(t, 'GET', `/company/campaigns/${campaign.id}`, { token: admin.session.accessToken });
    expect(during.body).toMatchObject({ sent: 0, done: false });

    // SMTP back; the retry delays pass (the server's clock is the test's).
    await sink.start();
    const downFor = Date.now() - started;
    // Keep moving the clock: a round that was in flight when SMTP came back schedules its retry from the moved clock.
    const delivered = () => sink.messages.filter((x) => x.to.some((to) => to.startsWith('campaign.'))).length;
    const until = Date.now() + 780_000;
    while (delivered() < RECIPIENTS && Date.now() < until) {
      t.clock.advance(10 * 60_000);
      await t.server.mailWorker.drain();
      await new Promise((r) => setTimeout(r, 200));
    }
    // Give a duplicate, if any, the time to show up.
    await t.server.mailWorker.drain();
    await new Promise((r) => setTimeout(r, 500));

    const perRecipient = new Map<string, number>();
    for (const message of sink.messages) for (const to of message.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    const missing = users.filter((u) => (perRecipient.get(u.email) ?? 0) === 0).length;
    const duplicated = users.filter((u) => (perRecipient.get(u.email) ?? 0) > 1).length;
    const states = await outboxStates(campaign.id);
    console.info(
      `[fault] SMTP down for the first ${(downFor / 1000).toFixed(1)} s of a ${RECIPIENTS}-user campaign (${failedOnce} notices had failed at least once): ` +
        `${perRecipient.size} recipients, missing ${missing}, duplicated ${duplicated}; outbox ${JSON.stringify(states)}`,
    );
    expect(missing).toBe(0);
    expect(duplicated).toBe(0);
    expect(states).toEqual({ sent: { n: RECIPIENTS, attempts: expect.any(Number) } });
    expect(states.sent!.attempts).toBeGreaterThan(RECIPIENTS); // the retries really happened
    // (The admin's access token expired while the clock moved: read the progress the endpoint serves directly.)
    const progress = await t.server.context.notifications.getCampaign(t.server.db, company.id, campaign.id);
    expect(progress).toMatchObject({ total: RECIPIENTS, sent: RECIPIENTS, failed: 0, done: true });
  }, 900_000); // ~2.5 min on a quiet 2-core machine (delivery runs at ~40 messages/s); generous for a busy one
});

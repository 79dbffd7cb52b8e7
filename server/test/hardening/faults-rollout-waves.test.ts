import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBulkUsers } from '@rms/test-kit/bulk-users';
import { api, seedCompany, seedEnrolledUser } from '@rms/test-kit/seed';
import { spawnServer } from '@rms/test-kit/server-process';
import type { ServerProcess } from '@rms/test-kit/server-process';
import { startSmtpSink } from '@rms/test-kit/smtp-sink';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import { testEngine } from '@rms/test-kit/test-database';
import { startTestServer, testConfig } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { migrateServerDatabase, openServerDatabase } from '../../src/database.js';
import type { Database } from '../../src/database.js';
import type { DatabaseHandle } from '../../src/db/open-database.js';
import { createCompany } from '../../src/domain/companies.js';
import { DAY_MS, insertPlan } from '../../src/domain/rollout-plan.js';
import { runDueWaves } from '../../src/domain/rollout-waves.js';

// The worker polls fast and a killed worker's rows come back fast (child processes inherit these).
process.env.RMS_MAIL_POLL_MS = '100';
process.env.RMS_MAIL_LEASE_MS = '3000';

const REMINDER = /set up two-factor authentication within/;

/** How many reminders each address got. */
function perRecipient(sink: SmtpSink, addresses: Set<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of sink.messages) if (REMINDER.test(m.subject)) for (const to of m.to) if (addresses.has(to)) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

describe('fault: SMTP down for part of a reminder wave', () => {
  const RECIPIENTS = Number(process.env.HARDENING_WAVE_USERS ?? (testEngine === 'sqlite' ? 600 : 200));
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

  it(`queues each wave once and delivers one reminder per wave to each of ${RECIPIENTS} people after SMTP comes back`, async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const users = await insertBulkUsers(t.server.db, { companyId: company.id, count: RECIPIENTS, prefix: `wave.${company.id.slice(0, 8)}.`, now: t.clock.now() });
    const addresses = new Set(users.map((u) => u.email));
    const policy = await api(t, 'PUT', '/company/two-factor-policy', { token: admin.session.accessToken, body: { twoFactorAtLogin: 'required', graceDays: 14 } });
    expect(policy.status).toBe(200);
    await t.server.mailWorker.drain();
    await sink.stop(); // SMTP down
    t.clock.advance(7 * DAY_MS);
    // Two runs at once (the background timer and another process): the wave is queued by one of them.
    const queued = await Promise.all([runDueWaves(t.server.context), runDueWaves(t.server.context)]);
    expect(queued.reduce((a, b) => a + b, 0)).toBe(RECIPIENTS);

    // While SMTP is down the worker keeps trying: wait until half the wave has had a failed attempt.
    const until = Date.now() + 120_000;
    let failedOnce = 0;
    while (Date.now() < until) {
      const row = await t.server.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'rollout_reminder')
        .where('attempts', '>=', 1)
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      failedOnce = Number(row.n);
      if (failedOnce >= RECIPIENTS / 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(failedOnce).toBeGreaterThanOrEqual(RECIPIENTS / 2);
    expect(perRecipient(sink, addresses).size).toBe(0);

    await sink.start(); // SMTP back; keep moving the clock past the retry delays (and run the waves again: nothing new)
    const deliver = async (expected: number) => {
      const stop = Date.now() + 600_000;
      const total = () => [...perRecipient(sink, addresses).values()].reduce((a, b) => a + b, 0);
      while (total() < expected && Date.now() < stop) {
        t.clock.advance(10 * 60_000);
        expect(await runDueWaves(t.server.context)).toBe(0);
        await t.server.mailWorker.drain();
        await new Promise((r) => setTimeout(r, 200));
      }
      await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up
    };
    await deliver(RECIPIENTS);
    let counts = perRecipient(sink, addresses);
    const missing = users.filter((u) => !counts.has(u.email)).length;
    const duplicated = [...counts.values()].filter((n) => n > 1).length;
    console.info(`[fault] SMTP down during a ${RECIPIENTS}-person reminder wave (${failedOnce} had failed at least once): missing ${missing}, duplicated ${duplicated}`);
    expect(missing).toBe(0);
    expect(duplicated).toBe(0);

    // The 1-day wave: once more each, never a third time.
    t.clock.advance(6 * DAY_MS);
    expect(await runDueWaves(t.server.context)).toBe(RECIPIENTS);
    await deliver(2 * RECIPIENTS);
    counts = perRecipient(sink, addresses);
    expect([...counts.values()].every((n) => n === 2)).toBe(true);
    expect(counts.size).toBe(RECIPIENTS);
  }, 900_000);
});

// Runs in the server-postgres project (SKIP LOCKED claims and a second process), like faults-kill-campaign.
const killEnabled = testEngine === 'postgres' || process.env.HARDENING_KILL_ON_SQLITE === '1';

describe.skipIf(!killEnabled)('fault: the server is killed (SIGKILL) in the middle of a reminder wave', () => {
  const RECIPIENTS = Number(process.env.HARDENING_KILL_USERS ?? 400);
  let env: Awaited<ReturnType<typeof testConfig>>;
  let handle: DatabaseHandle<Database>;
  let sink: SmtpSink;
  const children: ServerProcess[] = [];
  beforeAll(async () => {
    env = await testConfig();
    handle = openServerDatabase(env.config);
    await migrateServerDatabase(handle.db);
    sink = await startSmtpSink();
  }, 60_000);
  afterAll(async () => {
    for (const child of children) await child.stop('SIGKILL').catch(() => undefined);
    await sink?.close();
    await handle?.close();
    await env?.cleanup();
  });

  it(`delivers exactly one reminder to each of ${RECIPIENTS} people after a restart`, async () => {
    const db = handle.db;
    const now = Date.now();
    const company = await createCompany(db, { name: `Wave kill ${randomBytes(3).toString('hex')}`, now: now - 2 * DAY_MS });
    const users = await insertBulkUsers(db, { companyId: company.id, count: RECIPIENTS, prefix: `wavekill.${company.id.slice(0, 8)}.`, now: now - 2 * DAY_MS });
    const addresses = new Set(users.map((u) => u.email));
    // A 14-day plan made 7 days ago (written by the harness, which owns the database): its 7-day wave is due now.
    await db.updateTable('companies').set({ two_factor_at_login: 'required' }).where('id', '=', company.id).execute();
    await insertPlan(db, { companyId: company.id, createdBy: users[0]!.id, now: now - 7 * DAY_MS - 1_000, appliesTo: 'everyone', graceDays: 14, newUserGraceDays: 0 });
    const childConfig = { dataDir: env.config.dataDir, databaseUrl: env.config.databaseUrl, secretKey: env.config.secretKey, smtpUrl: sink.url };

    const accepted = Math.floor(RECIPIENTS * 0.3);
    sink.holdAfter(accepted); // the sink accepts 30 %, then holds the rest mid-DATA
    const first = await spawnServer(childConfig);
    children.push(first);
    await sink.waitFor(() => sink.messages.length >= accepted && sink.held() > 0, 120_000);
    await first.stop('SIGKILL');
    sink.releaseHeld();
    const waves = await db.selectFrom('rollout_waves').select(['kind', 'queued_at', 'recipients']).where('company_id', '=', company.id).orderBy('due_at').execute();
    expect(waves[0]).toMatchObject({ kind: 'reminder_7d', recipients: RECIPIENTS });
    expect(waves.slice(1).every((w) => w.queued_at === null)).toBe(true);

    const second = await spawnServer(childConfig);
    children.push(second);
    await sink.waitFor(() => perRecipient(sink, addresses).size >= RECIPIENTS, 180_000);
    await new Promise((r) => setTimeout(r, 1_000)); // room for a duplicate to show up
    const counts = perRecipient(sink, addresses);
    const duplicated = [...counts.values()].filter((n) => n > 1).length;
    const missing = RECIPIENTS - counts.size;
    console.info(`[fault] SIGKILL mid-wave (${RECIPIENTS} people; restart): missing ${missing}, duplicated ${duplicated}`);
    expect(missing).toBe(0);
    expect(duplicated).toBe(0);
    const rows = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'rollout_reminder').executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(RECIPIENTS); // the restarted process did not queue the wave again
  }, 300_000);
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '@rms/shared';
import { BULK_PASSWORD, insertBulkUsers } from '@rms/test-kit/bulk-users';
import { spawnServer } from '@rms/test-kit/server-process';
import type { ServerProcess } from '@rms/test-kit/server-process';
import { startSmtpSink } from '@rms/test-kit/smtp-sink';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import { testEngine } from '@rms/test-kit/test-database';
import { testConfig, httpRequest } from '@rms/test-kit/test-server';
import { totpAt } from '@rms/test-kit/totp';
import { createSecretBox } from '../../src/crypto/secret-box.js';
import { migrateServerDatabase, openServerDatabase } from '../../src/database.js';
import type { Database } from '../../src/database.js';
import type { DatabaseHandle } from '../../src/db/open-database.js';
import { createCompany } from '../../src/domain/companies.js';

// The child processes inherit these: short lease (a killed worker's rows come back fast), fast polling.
process.env.RMS_MAIL_LEASE_MS = '3000';
process.env.RMS_MAIL_POLL_MS = '100';

// Runs in the server-postgres project (SKIP LOCKED claims; the SQLite project runs the 5,000-user SMTP outage instead).
const RECIPIENTS = Number(process.env.HARDENING_KILL_USERS ?? 400);
const enabled = testEngine === 'postgres' || process.env.HARDENING_KILL_ON_SQLITE === '1';
const ACCEPT_BEFORE_KILL = Math.floor(RECIPIENTS * 0.3);

let env: Awaited<ReturnType<typeof testConfig>>;
let handle: DatabaseHandle<Database>;
let sink: SmtpSink;
const children: ServerProcess[] = [];

beforeAll(async () => {
  if (!enabled) return;
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

describe.skipIf(!enabled)('fault: the server is killed (SIGKILL) in the middle of a campaign', () => {
  it(`delivers exactly one notice to each of ${RECIPIENTS} users after a restart`, async () => {
    const db = handle.db;
    const now = Date.now();
    const company = await createCompany(db, { name: `Kill ${randomBytes(3).toString('hex')}` });
    const adminSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const [admin] = await insertBulkUsers(db, {
      companyId: company.id,
      count: 1,
      prefix: `kill-admin.${company.id.slice(0, 8)}.`,
      now,
      twoFactor: { secrets: createSecretBox(env.config.secretKey), secretOf: () => adminSecret },
    });
    await db.updateTable('users').set({ role: 'admin' }).where('id', '=', admin!.id).execute();
    const users = await insertBulkUsers(db, { companyId: company.id, count: RECIPIENTS, prefix: `kill.${company.id.slice(0, 8)}.`, now });
    const childConfig = { dataDir: env.config.dataDir, databaseUrl: env.config.databaseUrl, secretKey: env.config.secretKey, smtpUrl: sink.url };

    const first = await spawnServer(childConfig);
    children.push(first);
    const login = await httpRequest<{ challenge: string }>(first.url, 'POST', `${API_PREFIX}/auth/login`, { body: { email: admin!.email, password: BULK_PASSWORD } });
    const verify = await httpRequest<{ session: { accessToken: string } }>(first.url, 'POST', `${API_PREFIX}/auth/verify`, {
      body: { challenge: login.body.challenge, code: totpAt(adminSecret, Date.now()) },
    });
    expect(verify.status).toBe(200);
    const token = verify.body.session.accessToken;
    // The sink accepts the first 30 %, then holds the rest mid-DATA: deliveries are in flight when the process dies.
    sink.holdAfter(ACCEPT_BEFORE_KILL);
    const policy = await httpRequest<{ campaign: { id: string; total: number } }>(first.url, 'PUT', `${API_PREFIX}/company/two-factor-policy`, {
      token,
      body: { twoFactorAtLogin: 'required', notifyUnenrolled: true },
    });
    expect(policy.status).toBe(200);
    const campaignId = policy.body.campaign.id;
    await sink.waitFor(() => sink.messages.length >= ACCEPT_BEFORE_KILL && sink.held() > 0, 120_000);
    await first.stop('SIGKILL');
    sink.releaseHeld(); // the held transactions were never accepted (the client is gone)
    const atKill = await db
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', campaignId)
      .groupBy('status')
      .execute();
    const states = Object.fromEntries(atKill.map((r) => [r.status, Number(r.n)]));
    expect(states.sending ?? 0, `killed while delivering: ${JSON.stringify(states)}`).toBeGreaterThan(0);

    const second = await spawnServer(childConfig);
    children.push(second);
    const addresses = new Set(users.map((u) => u.email));
    await sink.waitFor((messages) => new Set(messages.flatMap((m) => m.to).filter((to) => addresses.has(to))).size >= RECIPIENTS, 180_000);
    await new Promise((r) => setTimeout(r, 1_000)); // room for a duplicate to show up

    const perRecipient = new Map<string, number>();
    for (const message of sink.messages) for (const to of message.to) if (addresses.has(to)) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    const duplicated = [...perRecipient.values()].filter((n) => n > 1).length;
    const missing = RECIPIENTS - perRecipient.size;
    console.info(`[fault] SIGKILL mid-campaign (${RECIPIENTS} users; at the kill: ${JSON.stringify(states)}; restart): missing ${missing}, duplicated ${duplicated}`);
    expect(missing).toBe(0);
    expect(duplicated).toBe(0);
    const progress = await httpRequest(second.url, 'GET', `${API_PREFIX}/company/campaigns/${campaignId}`, { token });
    expect(progress.body).toMatchObject({ total: RECIPIENTS, sent: RECIPIENTS, failed: 0, done: true });
  }, 300_000);
});

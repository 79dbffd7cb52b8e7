import type { ChildProcess } from 'node:child_process';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '@rms/test-kit/smtp-sink';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import { testConfig } from '@rms/test-kit/test-server';
import type { ServerConfig } from '../../src/config.js';
import { migrateServerDatabase, openServerDatabase } from '../../src/database.js';
import { createMail } from '../../src/mail/index.js';
import { cliEnv, spawnCli } from './support/run-cli.js';

const RECIPIENTS = 10;

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('serve killed with SIGKILL in the middle of a campaign', () => {
  let config: ServerConfig;
  let cleanup: () => Promise<void>;
  let sink: SmtpSink;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    ({ config, cleanup } = await testConfig());
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await sink.close();
    await cleanup();
  });

  it('after a restart every unenrolled user has exactly one notice and progress reaches total', { timeout: 180_000 }, async () => {
    // A company with unenrolled users and a campaign queued in the outbox (as PUT /company/two-factor-policy does).
    const handle = openServerDatabase(config);
    await migrateServerDatabase(handle.db);
    const companyId = 'kill-test-company';
    await handle.db.insertInto('companies').values({ id: companyId, name: 'Kill Test Co', two_factor_at_login: 'required', verify_email_before_enrollment: 0, created_at: Date.now() }).execute();
    const emails: string[] = [];
    for (let i = 0; i < RECIPIENTS; i++) {
      const email = `tech${i}@kill.example`;
      emails.push(email);
      await handle.db
        .insertInto('users')
        .values({
          id: `kill-user-${i}`, company_id: companyId, email, name: `Tech ${i}`, role: 'user', password_hash: 'unused',
          two_factor_enabled_at: null, totp_secret_enc: null, last_totp_step: null, backup_code_hash: null, backup_code_created_at: null,
          failed_code_attempts: 0, code_next_allowed_at: null, locked_until: null, pending_kind: null, pending_secret_enc: null,
          pending_expires_at: null, pending_confirmed_step: null, pending_backup_code_hash: null, last_sign_in_at: null, created_at: Date.now(),
        })
        .execute();
    }
    const mail = createMail({ db: handle.db, mailDir: config.mailDir, logger: pino({ level: 'silent' }) });
    const campaign = await handle.db.transaction().execute((tx) =>
      mail.notifications.startEnrollmentCampaign(tx, { companyId, companyName: 'Kill Test Co', createdBy: 'kill-user-0', now: Date.now() }),
    );
    expect(campaign.total).toBe(RECIPIENTS);

    const env = cliEnv(config, { SMTP_URL: sink.url, RMS_MAIL_LEASE_MS: '4000', RMS_MAIL_POLL_MS: '200' });
    const args = ['serve', '--port', '0', '--data', config.dataDir];

    // First process: four notices are accepted, the fifth is in DATA when the process is killed.
    sink.holdAfter(4);
    const first = spawnCli(args, env);
    children.push(first);
    await sink.waitFor((m) => m.length === 4 && sink.held() > 0, 90_000);
    // Kill while the process waits for the SMTP reply to DATA (the sink holds it), once the four
    // accepted notices are recorded: the crash lands mid-delivery, not in the sub-millisecond
    // window between a 250 and its 'sent' UPDATE (see the guarantee in mail-worker.ts).
    for (const deadline = Date.now() + 30_000; ; ) {
      const progress = await mail.notifications.getCampaign(handle.db, companyId, campaign.id);
      if (progress?.sent === 4) break;
      if (Date.now() > deadline) throw new Error(`the four accepted notices were not recorded: ${JSON.stringify(progress)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.kill('SIGKILL');
    await exited(first);
    sink.releaseHeld();
    const afterKill = await mail.notifications.getCampaign(handle.db, companyId, campaign.id);
    expect(afterKill).toMatchObject({ total: RECIPIENTS, sent: 4, done: false });

    // Second process: picks up the pending rows and, once their lease expires, the ones the dead process held.
    const second = spawnCli(args, env);
    children.push(second);
    const deadline = Date.now() + 90_000;
    for (;;) {
      const progress = await mail.notifications.getCampaign(handle.db, companyId, campaign.id);
      if (progress?.done) break;
      if (Date.now() > deadline) throw new Error(`campaign not done: ${JSON.stringify(progress)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    second.kill('SIGTERM');
    await exited(second);
    expect(second.exitCode).toBe(0);

    expect(await mail.notifications.getCampaign(handle.db, companyId, campaign.id)).toMatchObject({ total: RECIPIENTS, sent: RECIPIENTS, failed: 0, done: true });
    for (const email of emails) expect(sink.messagesTo(email), email).toHaveLength(1);
    expect(sink.messages).toHaveLength(RECIPIENTS);
    await handle.close();
  });
});

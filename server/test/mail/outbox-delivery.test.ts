import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import { describe, expect } from 'vitest';
import { createTestClock } from '@rms/test-kit/clock';
import { createMail } from '../../src/mail/index.js';
import { messageIdFor } from '../../src/mail/mail-transport.js';
import type { SecurityNotice } from '../../src/mail/notifications.js';
import { mailTest } from './support/mail-world.js';

const quiet = pino({ level: 'silent' });

function notice(user: { id: string; email: string }, eventId: string, at: number): SecurityNotice {
  return { eventId, kind: 'device_changed', user: { ...user, name: 'Dana Field' }, at, clientAddress: '203.0.113.7' };
}

describe('mail outbox over real SMTP', () => {
  mailTest('queues a security notice once per event and delivers it with when, where and what to do', async ({ world, sink }) => {
    const company = await world.seedCompany({ unenrolled: 1 });
    const user = company.unenrolled[0]!;
    const at = Date.UTC(2026, 10, 27, 14, 5, 9);
    const mail = createMail({ db: world.db, smtpUrl: sink.url, mailDir: world.config.mailDir, logger: quiet });
    await world.db.transaction().execute(async (tx) => {
      await mail.notifications.queueSecurityNotice(tx, notice(user, 'evt-1', at));
      await mail.notifications.queueSecurityNotice(tx, notice(user, 'evt-1', at));
    });
    const rows = await world.db.selectFrom('outbox').selectAll().execute();
    expect(rows).toHaveLength(1);
    await mail.worker.drain();
    await mail.worker.stop();

    expect(sink.messages).toHaveLength(1);
    const received = sink.messages[0]!;
    expect(received.to).toEqual([user.email]);
    expect(received.subject).toContain('authentication device was changed');
    expect(received.text).toContain('2026-11-27 14:05:09 UTC');
    expect(received.text).toContain('203.0.113.7');
    expect(received.text).toContain('If this was not you');
    expect(received.html).toContain('203.0.113.7');
    expect(received.messageId).toBe(messageIdFor('security:evt-1', '"Remote Management Service" <no-reply@rms.localhost>'));
    const row = await world.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(row.attempts).toBe(1);
  });

  mailTest('a notice queued in a transaction that rolls back is never sent', async ({ world, sink }) => {
    const company = await world.seedCompany({ unenrolled: 1 });
    const mail = createMail({ db: world.db, smtpUrl: sink.url, mailDir: world.config.mailDir, logger: quiet });
    await expect(
      world.db.transaction().execute(async (tx) => {
        await mail.notifications.queueSecurityNotice(tx, notice(company.unenrolled[0]!, 'evt-rolled-back', Date.now()));
        throw new Error('the 2FA change failed');
      }),
    ).rejects.toThrow('the 2FA change failed');
    await mail.worker.drain();
    await mail.worker.stop();
    expect(sink.messages).toHaveLength(0);
    expect(await world.db.selectFrom('outbox').selectAll().execute()).toHaveLength(0);
  });

  mailTest('campaign: every unenrolled user gets exactly one notice although SMTP is down for part of the run', async ({ world, sink }) => {
    const company = await world.seedCompany({ unenrolled: 12, enrolled: 3 });
    const clock = createTestClock();
    const mail = createMail({
      db: world.db, smtpUrl: sink.url, mailDir: world.config.mailDir, logger: quiet, now: clock.now, pollIntervalMs: 50, leaseMs: 60_000,
    });
    const started = await world.db.transaction().execute((tx) =>
      mail.notifications.startEnrollmentCampaign(tx, { companyId: company.id, companyName: company.name, createdBy: company.admin.id, now: clock.now() }),
    );
    expect(started).toMatchObject({ total: 12, sent: 0, failed: 0, done: false });

    // Five get through, then the server stalls and goes down: the held ones are refused (451), the rest cannot connect.
    sink.holdAfter(5);
    mail.worker.start();
    await sink.waitFor(() => sink.messages.length === 5 && sink.held() > 0);
    sink.releaseHeld();
    await sink.stop();
    await waitUntil(async () => {
      const rows = await world.db.selectFrom('outbox').select(['status', 'last_error']).execute();
      return rows.filter((r) => r.status === 'pending' && r.last_error).length === 7;
    });
    const midway = await mail.notifications.getCampaign(world.db, company.id, started.id);
    expect(midway).toMatchObject({ total: 12, sent: 5, failed: 0, done: false });

    // SMTP is back; the backoff has passed.
    await sink.start();
    clock.advance(10 * 60_000);
    await mail.worker.drain();
    await waitUntil(async () => (await mail.notifications.getCampaign(world.db, company.id, started.id))?.done === true);
    await mail.worker.stop();

    const progress = await mail.notifications.getCampaign(world.db, company.id, started.id);
    expect(progress).toMatchObject({ id: started.id, total: 12, sent: 12, failed: 0, done: true });
    for (const user of company.unenrolled) {
      const got = sink.messagesTo(user.email);
      expect(got, user.email).toHaveLength(1);
      expect(got[0]!.subject).toContain(`${company.name} now requires two-factor authentication`);
      expect(got[0]!.text).toContain('The backup code has been saved');
    }
    for (const user of [...company.enrolled, company.admin]) expect(sink.messagesTo(user.email)).toHaveLength(0);
    expect(sink.messages).toHaveLength(12);
  });

  mailTest('the campaign of another company is not visible, and total is fixed at creation', async ({ world, sink }) => {
    const company = await world.seedCompany({ unenrolled: 2 });
    const other = await world.seedCompany({ unenrolled: 1 });
    const mail = createMail({ db: world.db, smtpUrl: sink.url, mailDir: world.config.mailDir, logger: quiet });
    const started = await mail.notifications.startEnrollmentCampaign(world.db, {
      companyId: company.id, companyName: company.name, createdBy: company.admin.id, now: Date.now(),
    });
    await world.seedCompany({ unenrolled: 0 });
    await world.db.updateTable('users').set({ two_factor_enabled_at: Date.now() }).where('id', '=', company.unenrolled[0]!.id).execute();
    expect(await mail.notifications.getCampaign(world.db, other.id, started.id)).toBeNull();
    await mail.worker.drain();
    await mail.worker.stop();
    expect(await mail.notifications.getCampaign(world.db, company.id, started.id)).toMatchObject({ total: 2, sent: 2, done: true });
  });

  mailTest('two workers on one database deliver each message once', async ({ world, sink }) => {
    const company = await world.seedCompany({ unenrolled: 20 });
    const a = createMail({ db: world.db, smtpUrl: sink.url, mailDir: world.config.mailDir, logger: quiet });
    const b = createMail({ db: world.db, smtpUrl: sink.url, mailDir: world.config.mailDir, logger: quiet });
    const started = await a.notifications.startEnrollmentCampaign(world.db, {
      companyId: company.id, companyName: company.name, createdBy: company.admin.id, now: Date.now(),
    });
    await Promise.all([a.worker.drain(), b.worker.drain()]);
    await Promise.all([a.worker.stop(), b.worker.stop()]);
    expect(sink.messages).toHaveLength(20);
    expect(new Set(sink.messages.map((m) => m.to[0])).size).toBe(20);
    expect(await a.notifications.getCampaign(world.db, company.id, started.id)).toMatchObject({ sent: 20, done: true });
  });

  mailTest('gives up after the retry budget and records a credential-free last_error', async ({ world, sink }) => {
    const company = await world.seedCompany({ unenrolled: 1 });
    const clock = createTestClock();
    await sink.stop();
    const mail = createMail({
      db: world.db, smtpUrl: `smtp://mailer:hunter2@127.0.0.1:${sink.port}`, mailDir: world.config.mailDir, logger: quiet,
      now: clock.now, retry: { maxAttempts: 3 },
    });
    const started = await mail.notifications.startEnrollmentCampaign(world.db, {
      companyId: company.id, companyName: company.name, createdBy: company.admin.id, now: clock.now(),
    });
    for (let i = 0; i < 3; i++) {
      await mail.worker.drain();
      clock.advance(60 * 60_000);
    }
    await mail.worker.stop();
    const row = await world.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(3);
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(row.last_error).not.toContain('hunter2');
    expect(await mail.notifications.getCampaign(world.db, company.id, started.id)).toMatchObject({ total: 1, sent: 0, failed: 1, done: true });
  });

  mailTest('without SMTP_URL writes RFC 822 .eml files into the mail folder, once per notice', async ({ world }) => {
    const company = await world.seedCompany({ unenrolled: 1 });
    const user = company.unenrolled[0]!;
    const mail = createMail({ db: world.db, mailDir: world.config.mailDir, logger: quiet });
    await mail.notifications.queueSecurityNotice(world.db, notice(user, 'evt-eml', Date.UTC(2026, 0, 2, 3, 4, 5)));
    await mail.notifications.queueSecurityNotice(world.db, notice(user, 'evt-eml', Date.UTC(2026, 0, 2, 3, 4, 5)));
    await mail.worker.drain();
    await mail.worker.stop();
    const files = readdirSync(world.config.mailDir);
    expect(files).toEqual(['security_evt-eml.eml']);
    const parsed = await simpleParser(readFileSync(join(world.config.mailDir, files[0]!)));
    expect(parsed.subject).toContain('device was changed');
    expect(parsed.text).toContain('2026-01-02 03:04:05 UTC');
    expect(parsed.messageId).toBe(messageIdFor('security:evt-eml', '"Remote Management Service" <no-reply@rms.localhost>'));
    expect(JSON.stringify(parsed.to)).toContain(user.email);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

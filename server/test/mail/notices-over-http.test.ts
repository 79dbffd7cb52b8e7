import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, seedCompany, seedEnrolledUser, seedUser, signInWithCode } from '@rms/test-kit/seed';
import { startSmtpSink } from '@rms/test-kit/smtp-sink';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';

describe('emails caused by the HTTP API, delivered to a real SMTP server', () => {
  let sink: SmtpSink;
  let t: TestServer;

  beforeEach(async () => {
    sink = await startSmtpSink();
    t = await startTestServer({ smtpUrl: sink.url });
  });
  afterEach(async () => {
    await t.close();
    await sink.close();
  });

  it('enabling 2FA emails the user; requiring 2FA with notify emails each unenrolled user once', async () => {
    const company = await seedCompany(t);
    const admin = await seedEnrolledUser(t, company.id, 'admin');
    const plain = [await seedUser(t, company.id), await seedUser(t, company.id), await seedUser(t, company.id)];
    await t.server.mailWorker.drain();

    const enabled = sink.messagesTo(admin.email);
    expect(enabled).toHaveLength(1);
    expect(enabled[0]!.subject).toContain('Two-factor authentication was turned on');
    expect(enabled[0]!.text).toContain('From address: 127.0.0.1');
    expect(enabled[0]!.text).toMatch(/When: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(enabled[0]!.raw).not.toContain(admin.secret);
    expect(enabled[0]!.raw).not.toContain(admin.backupCode.replace(/-/g, '').slice(0, 10));

    const session = await signInWithCode(t, admin);
    const put = await api<{ campaign: { id: string; total: number } | null }>(t, 'PUT', '/company/two-factor-policy', {
      token: session.accessToken,
      body: { twoFactorAtLogin: 'required', notifyUnenrolled: true },
    });
    expect(put.status).toBe(200);
    const campaign = put.body.campaign!;
    expect(campaign.total).toBe(3);
    await t.server.mailWorker.drain();

    const progress = await api(t, 'GET', `/company/campaigns/${campaign.id}`, { token: session.accessToken });
    expect(progress.body).toMatchObject({ total: 3, sent: 3, failed: 0, done: true });
    for (const user of plain) {
      const got = sink.messagesTo(user.email);
      expect(got, user.email).toHaveLength(1);
      expect(got[0]!.subject).toContain('now requires two-factor authentication');
    }
    expect(sink.messagesTo(admin.email).filter((m) => m.subject.includes('now requires'))).toHaveLength(0);
  });
});

// Fault: the SMTP server accepted messages (250) but the worker never recorded them as sent (the
// process died, or the database went away, between the 250 and the UPDATE that marks them; with
// the batched `sent` marks that UPDATE covers several messages). Nothing may be lost: the rows stay
// leased, and when the lease ends another worker sends them again, with the same Message-ID.
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import pino from 'pino';
import { describe, expect } from 'vitest';
import { createTestClock } from '@rms/test-kit/clock';
import { createMail } from '../../src/mail/index.js';
import { mailTest } from '../mail/support/mail-world.js';

const quiet = pino({ level: 'silent' });
const LEASE_MS = 60_000;

/** Makes every UPDATE that records a delivery (`sent_at`) fail, as if the database were gone at that moment. */
const sentMarksFail: KyselyPlugin = {
  transformQuery({ node }: { node: RootOperationNode }) {
    if (node.kind === 'UpdateQueryNode' && JSON.stringify(node).includes('"sent_at"')) throw new Error('database unreachable');
    return node;
  },
  transformResult: async ({ result }) => result,
};

describe('fault: lost between the SMTP 250 and the batched sent mark', () => {
  mailTest('sends every accepted message again after the lease, with the same Message-ID: none lost', async ({ world, sink }) => {
    const company = await world.seedCompany({ unenrolled: 30 });
    const clock = createTestClock();
    const broken = createMail({ db: world.db.withPlugin(sentMarksFail), smtpUrl: sink.url, mailDir: world.config.mailDir, logger: quiet, now: clock.now, leaseMs: LEASE_MS });
    const started = await broken.notifications.startEnrollmentCampaign(world.db, {
      companyId: company.id, companyName: company.name, createdBy: company.admin.id, now: clock.now(),
    });
    await broken.worker.drain();
    await broken.worker.stop();
    // Every message reached the receiver; none is recorded as sent, none is given up.
    expect(sink.messages).toHaveLength(30);
    const leased = await world.db.selectFrom('outbox').select('status').where('campaign_id', '=', started.id).execute();
    expect(leased.map((r) => r.status)).toEqual(Array(30).fill('sending'));

    // Before the lease ends nobody takes them; after it, a healthy worker sends them again.
    const healthy = createMail({ db: world.db, smtpUrl: sink.url, mailDir: world.config.mailDir, logger: quiet, now: clock.now, leaseMs: LEASE_MS });
    await healthy.worker.drain();
    expect(sink.messages).toHaveLength(30);
    clock.advance(LEASE_MS);
    await healthy.worker.drain();
    await healthy.worker.stop();

    expect(await healthy.notifications.getCampaign(world.db, company.id, started.id)).toMatchObject({ total: 30, sent: 30, failed: 0, done: true });
    for (const user of company.unenrolled) {
      const got = sink.messagesTo(user.email);
      expect(got, user.email).toHaveLength(2);
      expect(got[0]!.messageId).toBe(got[1]!.messageId);
    }
  });
});

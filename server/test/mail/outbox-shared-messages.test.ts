// A campaign's or a wave's text is stored once (`outbox_messages`), not in each recipient's row,
// and every recipient still gets the whole text.
import pino from 'pino';
import { describe, expect } from 'vitest';
import { createMail } from '../../src/mail/index.js';
import { mailTest } from './support/mail-world.js';

const quiet = pino({ level: 'silent' });

describe('outbox: one copy of a text sent alike to many', () => {
  mailTest('a campaign and a wave each store their text once; each recipient receives all of it, once', async ({ world, sink }) => {
    const company = await world.seedCompany({ unenrolled: 4 });
    const mail = createMail({ db: world.db, smtpUrl: sink.url, mailDir: world.config.mailDir, logger: quiet });
    const campaign = await world.db.transaction().execute((tx) =>
      mail.notifications.startEnrollmentCampaign(tx, { companyId: company.id, companyName: company.name, createdBy: company.admin.id, now: Date.now() }),
    );
    expect(campaign.total).toBe(4);
    const wave = { subject: 'Set it up within 7 days', text: `Hello,\n\n${'A reminder line.\n'.repeat(40)}` };
    const queued = await world.db.transaction().execute((tx) =>
      mail.notifications.queueEach(tx, { keyPrefix: 'rollout:wave-1:', kind: 'rollout_reminder', to: company.unenrolled, mail: wave }),
    );
    expect(queued).toBe(4);

    const rows = await world.db.selectFrom('outbox').select(['message_id', 'subject', 'body_text']).execute();
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.message_id !== null && r.subject === '' && r.body_text === '')).toBe(true);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(2);
    const texts = await world.db.selectFrom('outbox_messages').select(['subject', 'body_text']).execute();
    expect(texts).toHaveLength(2);
    expect(texts.map((t) => t.subject)).toContain(wave.subject);

    await mail.worker.drain();
    await mail.worker.stop();
    for (const user of company.unenrolled) {
      const got = sink.messagesTo(user.email);
      expect(got, user.email).toHaveLength(2);
      const reminder = got.find((m) => m.subject === wave.subject);
      expect(reminder?.text.trim()).toBe(wave.text.trim());
      const notice = got.find((m) => m.subject.includes(`${company.name} now requires two-factor authentication`));
      expect(notice?.text).toContain('The backup code has been saved');
    }
    expect(sink.messages).toHaveLength(8);
  });
});

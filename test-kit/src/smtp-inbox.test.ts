import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailTo, startSmtpInbox } from './smtp-inbox.js';
import type { SmtpInbox } from './smtp-inbox.js';

let inbox: SmtpInbox;

async function send(to: string, subject: string, text: string) {
  const port = Number(new URL(inbox.url).port);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ from: 'no-reply@rms.test', to, subject, text });
  } finally {
    transport.close();
  }
}

beforeAll(async () => {
  inbox = await startSmtpInbox();
  await send('Ann@Example.test', 'Two-factor authentication was turned on', 'Hello Ann');
  await send('bob@example.test', 'Your backup code was used', 'Hello Bob');
});
afterAll(() => inbox?.close());

describe('the SMTP inbox', () => {
  it('matches mail by recipient and by subject or text (a string, case-insensitive, or a RegExp)', async () => {
    expect((await inbox.waitFor(mailTo('ann@example.test', 'TURNED ON'))).subject).toBe('Two-factor authentication was turned on');
    expect((await inbox.waitFor(mailTo('bob@example.test', /hello bob/i))).to).toEqual(['bob@example.test']);
    expect(inbox.all().filter(mailTo('ann@example.test', 'backup code'))).toEqual([]);
    expect(inbox.to('ANN@example.test')).toHaveLength(1);
  });

  it('says what it received when the expected mail does not come', async () => {
    await expect(inbox.waitForCount(mailTo('carol@example.test'), 1, 200)).rejects.toThrow(
      /Timed out after 200 ms waiting for 1 matching email\(s\); 0 matched\. Received:\n {2}to ann@example\.test: Two-factor authentication was turned on\n {2}to bob@example\.test: Your backup code was used/,
    );
  });
});

import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from './smtp-sink.js';
import type { SmtpSink } from './smtp-sink.js';

let sink: SmtpSink;

function send(to: string, subject: string) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
  return transport.sendMail({ from: 'RMS <no-reply@rms.test>', to, subject, text: `About ${subject}` }).finally(() => transport.close());
}

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink?.close());

describe('the loopback SMTP sink', () => {
  it('accepts real SMTP on 127.0.0.1 and records each message parsed, by envelope recipient', async () => {
    expect(sink.url).toBe(`smtp://127.0.0.1:${sink.port}`);
    await send('Ann@Example.test', 'First');
    await sink.waitForCount(1);
    const [mail] = sink.messagesTo('ann@example.test');
    expect(mail).toMatchObject({ to: ['ann@example.test'], from: 'no-reply@rms.test', subject: 'First' });
    expect(mail!.text).toContain('About First');
    expect(mail!.raw).toContain('Subject: First');
    expect(sink.messagesTo('bob@example.test')).toEqual([]);
  });

  it('holds replies after a budget, then answers the held ones 451 without accepting them', async () => {
    const before = sink.messages.length;
    sink.holdAfter(1);
    await send('carol@example.test', 'Accepted');
    const held = send('dave@example.test', 'Held');
    await sink.waitFor(() => sink.held() === 1, 10_000);
    expect(sink.messagesTo('dave@example.test')).toEqual([]);
    sink.releaseHeld();
    await expect(held).rejects.toMatchObject({ responseCode: 451 });
    expect(sink.held()).toBe(0);
    expect(sink.messages.slice(before).map((m) => m.subject)).toEqual(['Accepted']);
  });

  it('goes down (connections refused) and comes back on the same port', async () => {
    const port = sink.port;
    await sink.stop();
    await expect(send('erin@example.test', 'While down')).rejects.toThrow(/ECONNREFUSED/);
    await sink.start();
    expect(sink.port).toBe(port);
    await send('erin@example.test', 'Back up');
    await sink.waitFor((messages) => messages.some((m) => m.subject === 'Back up'));
  });

  it('says how many messages it has when a wait times out', async () => {
    await expect(sink.waitFor(() => false, 100)).rejects.toThrow(`SMTP sink: condition not met within 100 ms (${sink.messages.length} messages received)`);
  });
});

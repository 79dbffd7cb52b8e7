import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveredTo } from '@rms/test-kit/delivered-mail';
import { api, seedCompany, seedEnrolledUser } from '@rms/test-kit/seed';
import { startSmtpSink } from '@rms/test-kit/smtp-sink';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { REDACTED_PATHS } from '../../src/logger.js';
import { linkIn, openPage, submitForm } from '../support/account-links.js';

let sink: SmtpSink;
let t: TestServer;
const logLines: string[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  const logs = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  // The production logger's level and redaction (src/logger.ts), writing here.
  t = await startTestServer({ smtpUrl: sink.url }, pino({ level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, logs));
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

describe('attack: reading the server log for one-time link tokens', () => {
  it('finds the pages logged without their tokens: a reset link opened but not yet used, or a "this wasn\'t me" link opened and left, cannot be taken from the log', async () => {
    const company = await seedCompany(t);
    const user = await seedEnrolledUser(t, company.id);
    expect((await api(t, 'POST', '/auth/password-reset', { body: { email: user.email } })).status).toBe(202);
    const mails = await deliveredTo(t, sink, user.email);
    const reset = linkIn(mails.find((m) => m.subject.endsWith('Set a new password')), 'reset-password');
    const notMe = linkIn(mails.find((m) => m.subject.endsWith('Two-factor authentication was turned on')), 'not-me');
    if (!reset || !notMe) throw new Error('links not delivered');

    expect((await openPage(t, reset)).status).toBe(200);
    expect((await openPage(t, notMe)).status).toBe(200);
    expect((await submitForm(t, reset, { password: 'x', again: 'y' })).status).toBe(400);

    const log = logLines.join('');
    expect(log).toContain('"url":"/account/reset-password/[redacted]"');
    expect(log).toContain('"url":"/account/not-me/[redacted]"');
    for (const link of [reset, notMe]) expect(log).not.toContain(link.split('/').at(-1));
  });
});

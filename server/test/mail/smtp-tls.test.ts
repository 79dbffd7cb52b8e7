import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../src/config.js';
import { createSmtpTransport, smtpTlsPolicy } from '../../src/mail/mail-transport.js';

/** This machine's first non-loopback IPv4 address: a plain SMTP server there is "across a network" for the transport. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

const mail = { idempotencyKey: 'security:evt-tls', to: 'dana@mail.example', subject: 'Security notice', text: 'Your two-factor device was changed.' };

describe('SMTP TLS rule', () => {
  it('requires STARTTLS for plain smtp:// to another host, never for smtps:// or loopback', () => {
    expect(smtpTlsPolicy('smtp://relay.example.com:25', false)).toEqual({ ignoreTLS: false, requireTLS: true });
    expect(smtpTlsPolicy('smtp://user:pw@192.0.2.10:587', false)).toEqual({ ignoreTLS: false, requireTLS: true });
    expect(smtpTlsPolicy('smtp://relay.example.com:25', true)).toEqual({ ignoreTLS: false, requireTLS: false });
    expect(smtpTlsPolicy('smtps://user:pw@smtp.example.com:465', false)).toEqual({ ignoreTLS: false, requireTLS: false });
    for (const loopback of ['smtp://127.0.0.1:2525', 'smtp://127.8.9.10:25', 'smtp://localhost:25', 'smtp://[::1]:25']) {
      expect(smtpTlsPolicy(loopback, false), loopback).toEqual({ ignoreTLS: true, requireTLS: false });
    }
    expect(smtpTlsPolicy('smtp://127.0.0.1.evil.example:25', false)).toEqual({ ignoreTLS: false, requireTLS: true });
  });

  it('applies its own options (timeouts, TLS rule) although the address is a URL: a server that stops answering fails the send', async () => {
    // Greets, then never answers EHLO; nodemailer's default socket timeout would wait 10 minutes.
    const silent = createServer((socket) => socket.write('220 silent.example ESMTP\r\n'));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const transport = createSmtpTransport({ smtpUrl: `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`, from: 'rms@mail.example', timeoutMs: 500, allowPlaintext: false });
    try {
      await expect(transport.send(mail)).rejects.toMatchObject({ code: expect.stringMatching(/ETIMEDOUT|ECONNECTION/) });
    } finally {
      transport.close();
      silent.close();
    }
  });

  it('reads SMTP_ALLOW_PLAINTEXT as 1 or 0 and explains anything else', () => {
    const base = { RMS_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'), RMS_DATA_DIR: '/nonexistent/rms-config-only' };
    expect(loadConfig(base).smtpAllowPlaintext).toBe(false);
    expect(loadConfig({ ...base, SMTP_ALLOW_PLAINTEXT: '0' }).smtpAllowPlaintext).toBe(false);
    expect(loadConfig({ ...base, SMTP_ALLOW_PLAINTEXT: '1' }).smtpAllowPlaintext).toBe(true);
    expect(() => loadConfig({ ...base, SMTP_ALLOW_PLAINTEXT: 'yes' })).toThrow('SMTP_ALLOW_PLAINTEXT must be 1');
  });
});

describe.skipIf(!lanAddress)('plain SMTP to a host across the network (a real server without STARTTLS)', () => {
  let server: SMTPServer;
  let port = 0;
  const logins: string[] = [];
  const received: string[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth(auth, _session, callback) {
        logins.push(`${auth.username}:${auth.password ?? ''}`);
        callback(null, { user: auth.username });
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks).toString('utf8'));
          callback();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, lanAddress, resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends neither the credentials nor the mail, and says how to fix it', async () => {
    logins.length = 0;
    received.length = 0;
    const transport = createSmtpTransport({ smtpUrl: `smtp://rms:relay-password@${lanAddress}:${port}`, from: 'rms@mail.example', timeoutMs: 5_000, allowPlaintext: false });
    try {
      const failure = await transport.send(mail).then(
        () => null,
        (error: unknown) => error as Error & { code?: string },
      );
      expect(failure?.code).toBe('ETLS');
      expect(failure?.message).toContain(`The SMTP server ${lanAddress}:${port} did not start TLS (STARTTLS), so no credentials or mail were sent.`);
      expect(failure?.message).toContain('SMTP_ALLOW_PLAINTEXT=1');
      expect(failure?.message).not.toContain('relay-password');
    } finally {
      transport.close();
    }
    expect(logins).toEqual([]);
    expect(received).toEqual([]);
  });

  it('delivers in plain text only when SMTP_ALLOW_PLAINTEXT=1 says the network is trusted', async () => {
    logins.length = 0;
    received.length = 0;
    const transport = createSmtpTransport({ smtpUrl: `smtp://rms:relay-password@${lanAddress}:${port}`, from: 'rms@mail.example', timeoutMs: 5_000, allowPlaintext: true });
    try {
      await transport.send(mail);
    } finally {
      transport.close();
    }
    expect(logins).toEqual(['rms:relay-password']);
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('Your two-factor device was changed.');
  });
});

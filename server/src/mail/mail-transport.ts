import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { textToHtml } from './mail-texts.js';

/** One message ready to hand to a transport. */
export interface OutgoingMail {
  idempotencyKey: string;
  to: string;
  subject: string;
  text: string;
}

/** Where mail goes: an SMTP server, or `.eml` files in a folder. */
export interface MailTransport {
  /** Delivers one message; resolves once the receiver has accepted it (SMTP 250 / file renamed into place). */
  send(mail: OutgoingMail): Promise<void>;
  /** Closes pooled connections. */
  close(): void;
  /** For logs: `smtp://host:port` (no credentials) or the folder. */
  describe(): string;
}

/** Default sender when MAIL_FROM is not set. */
export const DEFAULT_FROM = '"Remote Management Service" <no-reply@rms.localhost>';

/**
 * Stable Message-ID derived from the idempotency key: a redelivery after a crash carries the same
 * id, so mail servers and clients that deduplicate by Message-ID show it once.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'rms.localhost';
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${digest}@${domain}>`;
}

function compose(mail: OutgoingMail, from: string) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: textToHtml(mail.text),
    messageId: messageIdFor(mail.idempotencyKey, from),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-RMS-Notice': mail.idempotencyKey.split(':')[0] ?? 'notice' },
  };
}

/** Removes credentials from an SMTP URL for logs. */
export function redactSmtpUrl(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return 'smtp (unparseable URL)';
  }
}

/** SMTP transport over `smtpUrl` (nodemailer, pooled), timeouts well inside the worker's lease. */
export function createSmtpTransport(smtpUrl: string, from: string, timeoutMs: number): MailTransport {
  const url = new URL(smtpUrl);
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 3,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Loopback test servers and internal relays often run plain SMTP; smtps:// still uses TLS.
    ignoreTLS: url.protocol === 'smtp:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname),
  } as nodemailer.TransportOptions);
  return {
    async send(mail) {
      await transporter.sendMail(compose(mail, from));
    },
    close() {
      transporter.close();
    },
    describe: () => redactSmtpUrl(smtpUrl),
  };
}

/** A file name for a key: safe characters only, stable (a retry overwrites instead of duplicating). */
export function emlFileName(idempotencyKey: string): string {
  return `${idempotencyKey.replace(/[^A-Za-z0-9._-]+/g, '_')}.eml`;
}

/** Writes each message as an RFC 822 `.eml` file into `mailDir` (the embedded default with no SMTP server). */
export function createEmlTransport(mailDir: string, from: string, logger: Logger): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await composer.sendMail(compose(mail, from));
      mkdirSync(mailDir, { recursive: true, mode: 0o700 });
      const path = join(mailDir, emlFileName(mail.idempotencyKey));
      const temp = `${path}.tmp`;
      writeFileSync(temp, info.message as Buffer, { mode: 0o600 });
      renameSync(temp, path);
      logger.info({ path, to: mail.to, subject: mail.subject }, 'Mail written to a file (no SMTP_URL set)');
    },
    close() {
      composer.close();
    },
    describe: () => mailDir,
  };
}

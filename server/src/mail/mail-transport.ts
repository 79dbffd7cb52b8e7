import { createHash } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type { Logger } from 'pino';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../data-folder.js';
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
  /** Closes the transport (open connections). */
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

/** The HTML of the last text composed: a campaign's messages share one text, rendered once. */
let lastHtml = { text: '', html: '' };

function htmlOf(text: string): string {
  if (lastHtml.text !== text) lastHtml = { text, html: textToHtml(text) };
  return lastHtml.html;
}

function compose(mail: OutgoingMail, from: string) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: htmlOf(mail.text),
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

/** True for an SMTP host on this computer: plain SMTP to it never crosses a network. */
export function isLoopbackSmtpHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  return ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback';
}

/** How an SMTP URL uses TLS: `ignoreTLS` only for plain SMTP to loopback, `requireTLS` (STARTTLS) for plain SMTP anywhere else unless plaintext is allowed. */
export interface SmtpTlsPolicy {
  ignoreTLS: boolean;
  requireTLS: boolean;
}

/**
 * The TLS rule of an SMTP URL. `smtps://` is TLS from the first byte. Plain `smtp://` to a host
 * other than this computer must upgrade with STARTTLS before credentials or mail are sent (an
 * attacker on the path can strip an optional STARTTLS), unless `SMTP_ALLOW_PLAINTEXT=1` says the
 * network is trusted. Plain SMTP to loopback stays plain.
 */
export function smtpTlsPolicy(smtpUrl: string, allowPlaintext: boolean): SmtpTlsPolicy {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:') return { ignoreTLS: false, requireTLS: false };
  if (isLoopbackSmtpHost(url.hostname)) return { ignoreTLS: true, requireTLS: false };
  return { ignoreTLS: false, requireTLS: !allowPlaintext };
}

/** Options of the SMTP transport. */
export interface SmtpTransportOptions {
  smtpUrl: string;
  from: string;
  timeoutMs: number;
  /** `SMTP_ALLOW_PLAINTEXT=1`: plain SMTP to a remote host without STARTTLS is allowed. */
  allowPlaintext: boolean;
  /** Open connections kept for reuse (as many as the worker sends at once); default 1. */
  connections?: number;
}

/** Messages one pooled connection carries before it is closed and a fresh one opened. */
export const MESSAGES_PER_CONNECTION = 100;

/**
 * SMTP transport over `smtpUrl` (nodemailer): a pool of `connections` reused connections (each
 * message is still its own SMTP transaction, accepted by its own 250), timeouts well inside the
 * worker's lease, and the TLS rule of `smtpTlsPolicy`. A connection per message cost the outbox
 * most of its speed: a campaign went out at a third of a raw nodemailer pool's rate.
 */
export function createSmtpTransport({ smtpUrl, from, timeoutMs, allowPlaintext, connections = 1 }: SmtpTransportOptions): MailTransport {
  const tls = smtpTlsPolicy(smtpUrl, allowPlaintext);
  const host = new URL(smtpUrl).host;
  // Not `{ url }`: given a URL, nodemailer drops every other option (timeouts, TLS rule).
  const transporter = nodemailer.createTransport({
    ...parseConnectionUrl(smtpUrl),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    pool: true,
    maxConnections: connections,
    maxMessages: MESSAGES_PER_CONNECTION,
    ...tls,
  } as nodemailer.TransportOptions);
  return {
    async send(mail) {
      try {
        await transporter.sendMail(compose(mail, from));
      } catch (error) {
        if (tls.requireTLS && (error as { code?: unknown } | null)?.code === 'ETLS') {
          throw Object.assign(
            new Error(
              `The SMTP server ${host} did not start TLS (STARTTLS), so no credentials or mail were sent. Use smtps://, enable STARTTLS on the server, or set SMTP_ALLOW_PLAINTEXT=1 if the network to it is trusted.`,
            ),
            { code: 'ETLS', cause: error },
          );
        }
        throw error;
      }
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
      makePrivateDir(mailDir);
      const path = join(mailDir, emlFileName(mail.idempotencyKey));
      const temp = `${path}.tmp`;
      writeFileSync(temp, info.message as Buffer, { mode: PRIVATE_FILE_MODE });
      renameSync(temp, path);
      logger.info({ path, to: mail.to, subject: mail.subject }, 'Mail written to a file (no SMTP_URL set)');
    },
    close() {
      composer.close();
    },
    describe: () => mailDir,
  };
}

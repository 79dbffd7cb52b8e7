import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { ParsedMail } from './mime.js';
import { parseMail } from './mime.js';

/** What a test waits for in the inbox. */
export type MailMatcher = (mail: ParsedMail) => boolean;

/** A real SMTP server on loopback that keeps every message it accepts, for tests to read and wait on. */
export interface SmtpInbox {
  /** `smtp://127.0.0.1:<port>`: the backend's SMTP_URL. */
  url: string;
  /** Every message received so far, oldest first. */
  all(): ParsedMail[];
  /** The messages addressed to one recipient (case-insensitive). */
  to(email: string): ParsedMail[];
  /** Waits until a message matches (default 20 s) and returns the first that does. */
  waitFor(matcher: MailMatcher, timeoutMs?: number): Promise<ParsedMail>;
  /** Waits until at least `count` messages match and returns them. */
  waitForCount(matcher: MailMatcher, count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/** Matches mail to `email` whose subject or text contains `text` (case-insensitive). */
export function mailTo(email: string, text?: string | RegExp): MailMatcher {
  const recipient = email.toLowerCase();
  return (mail) => {
    if (!mail.to.some((to) => to.toLowerCase() === recipient)) return false;
    if (text === undefined) return true;
    const haystack = `${mail.subject}\n${mail.text}`;
    return typeof text === 'string' ? haystack.toLowerCase().includes(text.toLowerCase()) : text.test(haystack);
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts the SMTP inbox on 127.0.0.1 (a free port); no TLS, any sender and recipient accepted. */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        received.push(parseMail(Buffer.concat(chunks).toString('utf8'), envelope));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  async function waitForCount(matcher: MailMatcher, count: number, timeoutMs = 20_000): Promise<ParsedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = received.filter(matcher);
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) {
        const seen = received.map((m) => `  to ${m.to.join(', ')}: ${m.subject}`).join('\n') || '  (none)';
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${count} matching email(s); ${matching.length} matched. Received:\n${seen}`);
      }
      await sleep(100);
    }
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    all: () => [...received],
    to: (email) => received.filter(mailTo(email)),
    waitForCount,
    async waitFor(matcher, timeoutMs) {
      return (await waitForCount(matcher, 1, timeoutMs))[0]!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

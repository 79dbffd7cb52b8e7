import { startSmtpSink } from './smtp-sink.js';
import type { ReceivedMail } from './smtp-sink.js';

/** An email the inbox received (envelope recipients lowercased; subject and text decoded). */
export type Mail = ReceivedMail;

/** What a test waits for in the inbox. */
export type MailMatcher = (mail: Mail) => boolean;

/** A real SMTP server on loopback (the SMTP sink) that tests read and wait on by matcher. */
export interface SmtpInbox {
  /** `smtp://127.0.0.1:<port>`: the backend's SMTP_URL. */
  url: string;
  /** Every message received so far, oldest first. */
  all(): Mail[];
  /** The messages addressed to one recipient. */
  to(email: string): Mail[];
  /** Waits until a message matches (default 20 s) and returns the first that does. */
  waitFor(matcher: MailMatcher, timeoutMs?: number): Promise<Mail>;
  /** Waits until at least `count` messages match and returns them. */
  waitForCount(matcher: MailMatcher, count: number, timeoutMs?: number): Promise<Mail[]>;
  close(): Promise<void>;
}

/** Matches mail to `email` whose subject or text contains `text` (a string, case-insensitive, or a RegExp). */
export function mailTo(email: string, text?: string | RegExp): MailMatcher {
  const recipient = email.toLowerCase();
  return (mail) => {
    if (!mail.to.includes(recipient)) return false;
    if (text === undefined) return true;
    const haystack = `${mail.subject}\n${mail.text}`;
    return typeof text === 'string' ? haystack.toLowerCase().includes(text.toLowerCase()) : text.test(haystack);
  };
}

/** Starts the inbox on 127.0.0.1 (a free port); no TLS, any sender and recipient accepted. */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const sink = await startSmtpSink();

  async function waitForCount(matcher: MailMatcher, count: number, timeoutMs = 20_000): Promise<Mail[]> {
    try {
      await sink.waitFor((messages) => messages.filter(matcher).length >= count, timeoutMs);
    } catch {
      const seen = sink.messages.map((m) => `  to ${m.to.join(', ')}: ${m.subject}`).join('\n') || '  (none)';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${count} matching email(s); ${sink.messages.filter(matcher).length} matched. Received:\n${seen}`);
    }
    return sink.messages.filter(matcher);
  }

  return {
    url: sink.url,
    all: () => [...sink.messages],
    to: (email) => sink.messagesTo(email),
    waitForCount,
    async waitFor(matcher, timeoutMs) {
      return (await waitForCount(matcher, 1, timeoutMs))[0]!;
    },
    close: () => sink.close(),
  };
}

import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the sink accepted, parsed. */
export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), lowercased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Map<string, unknown>;
  raw: string;
}

/** Options of `startSmtpSink`. */
export interface SmtpSinkOptions {
  /** Port to bind on 127.0.0.1 (0 = a free one). */
  port?: number;
  /**
   * `false`: record only the envelope and the Message-ID of each message, without parsing or
   * keeping it (subject, text, html and raw stay empty), so a bench can take 100,000 messages at
   * the speed of SMTP rather than of the parser. Default true.
   */
  parse?: boolean;
}

/** A real SMTP server on loopback that records what it accepts. */
export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>` (use as SMTP_URL). */
  url: string;
  port: number;
  /** Every accepted message, in order. */
  messages: ReceivedMail[];
  /** Messages whose envelope includes `address`. */
  messagesTo(address: string): ReceivedMail[];
  /** Resolves once `predicate(messages)` holds (polls), or rejects after `timeoutMs`. */
  waitFor(predicate: (messages: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves once at least `count` messages arrived. */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  /**
   * Makes the sink hold the DATA reply of every message after the first `accepted` ones (that many
   * counted from now): the client waits, nothing is accepted. `held` counts waiting messages.
   */
  holdAfter(accepted: number): void;
  /** Number of messages currently held (received, not yet answered). */
  held(): number;
  /** Answers every held message with a temporary failure (451, not accepted) and stops holding. */
  releaseHeld(): void;
  /** Closes the port (simulates "SMTP down"); `start()` binds the same port again. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
}

/** Starts the sink on 127.0.0.1. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  let holdBudget: number | null = null;
  const heldReplies: Array<(error?: Error) => void> = [];
  let server: SMTPServer | null = null;
  let port = options.port ?? 0;

  function create(): SMTPServer {
    return new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // "SMTP down" must drop pooled client connections at once, not after 30 s.
      closeTimeout: 50,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          if (holdBudget !== null) {
            if (holdBudget <= 0) {
              heldReplies.push((error) => callback(error));
              return;
            }
            holdBudget -= 1;
          }
          if (options.parse === false) {
            const head = raw.subarray(0, Math.max(0, raw.indexOf('\r\n\r\n'))).toString('latin1');
            messages.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: '',
              text: '',
              html: '',
              messageId: /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? '',
              headers: new Map(),
              raw: '',
            });
            callback();
            return;
          }
          simpleParser(raw)
            .then((parsed) => {
              messages.push({
                to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                messageId: parsed.messageId ?? '',
                headers: parsed.headers,
                raw: raw.toString('utf8'),
              });
              callback();
            })
            .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
        });
      },
    });
  }

  async function start(): Promise<void> {
    const next = create();
    // A closed sink's connections may linger briefly; swallow their errors.
    next.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        next.off('error', reject);
        resolve();
      });
    });
    port = (next.server.address() as AddressInfo).port;
    server = next;
  }

  async function stop(): Promise<void> {
    const current = server;
    server = null;
    if (!current) return;
    await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  function releaseHeld(): void {
    holdBudget = null;
    for (const reply of heldReplies.splice(0)) {
      const error = Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 });
      try {
        reply(error);
      } catch {
        // The client is gone (killed): nothing to answer.
      }
    }
  }

  async function waitFor(predicate: (m: ReceivedMail[]) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(messages)) {
      if (Date.now() > deadline) throw new Error(`SMTP sink: condition not met within ${timeoutMs} ms (${messages.length} messages received)`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  await start();
  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    messages,
    messagesTo: (address) => messages.filter((m) => m.to.includes(address.toLowerCase())),
    waitFor,
    waitForCount: (count, timeoutMs) => waitFor((m) => m.length >= count, timeoutMs),
    holdAfter(accepted) {
      holdBudget = accepted;
    },
    held: () => heldReplies.length,
    releaseHeld,
    stop,
    start,
    async close() {
      releaseHeld();
      await stop();
    },
  };
}

import type { ReceivedMail, SmtpSink } from './smtp-sink.js';
import type { TestServer } from './test-server.js';

/** Delivers the outbox, waits until nothing is left in flight for `email`, returns what the sink received for it. */
export async function deliveredTo(t: TestServer, sink: SmtpSink, email: string): Promise<ReceivedMail[]> {
  // Emails queued after a request's answer (the forgotten-password link) are queued first.
  await t.server.context.background.settled();
  await t.server.mailWorker.drain();
  // The background worker may still hold a message in flight: wait until nothing is left to send.
  for (let i = 0; i < 400; i += 1) {
    const open = await t.server.db
      .selectFrom('outbox')
      .select('id')
      .where('to_address', '=', email)
      .where('status', 'in', ['pending', 'sending'])
      .execute();
    if (open.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return sink.messagesTo(email);
}

/** Subjects read "<product>: <what changed>"; the part after the product name of each mail delivered to `email`. */
export async function subjectsTo(t: TestServer, sink: SmtpSink, email: string): Promise<string[]> {
  return (await deliveredTo(t, sink, email)).map((m) => m.subject.replace(/^[^:]+: /, ''));
}

import { afterAll, beforeAll } from 'vitest';
import { seedCompany } from '@rms/test-kit/seed';
import { startSmtpSink } from '@rms/test-kit/smtp-sink';
import type { SmtpSink } from '@rms/test-kit/smtp-sink';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';

/** What a file's tests share: the server, the loopback SMTP sink its mail goes to, one company. */
export interface ServerAndSink {
  t: TestServer;
  sink: SmtpSink;
  companyId: string;
}

/**
 * For a test file: before its tests, a loopback SMTP sink, a test server sending its mail there
 * and one company, handed to `receive` (assign them to the file's variables); after its tests,
 * both stopped.
 */
export function withServerAndSink(receive: (world: ServerAndSink) => void): void {
  let world: ServerAndSink | undefined;
  beforeAll(async () => {
    const sink = await startSmtpSink();
    const t = await startTestServer({ smtpUrl: sink.url });
    world = { t, sink, companyId: (await seedCompany(t)).id };
    receive(world);
  });
  afterAll(async () => {
    await world?.t.close();
    await world?.sink.close();
  });
}

import { startServer } from '@rms/server/start-server';
import type { RunningServer } from '@rms/server/start-server';
import { createSeeder } from '@rms/test-kit/company-seeder';
import type { Seeder } from '@rms/test-kit/company-seeder';
import { startSmtpInbox } from '@rms/test-kit/smtp-inbox';
import type { SmtpInbox } from '@rms/test-kit/smtp-inbox';
import { testConfig } from '@rms/test-kit/test-server';

/** The real backend one worker runs: the server on a free loopback port, its database and SMTP inbox. */
export interface LocalBackend {
  kind: 'local';
  url: string;
  /** 'sqlite' or 'postgres'. */
  engine: string;
  server: RunningServer;
  inbox: SmtpInbox;
  seed: Seeder;
  close(): Promise<void>;
}

/**
 * Starts the real server in this worker process on 127.0.0.1 (port 0) with a fresh data folder:
 * SQLite there, or a fresh PostgreSQL database when E2E_DATABASE_URL is set. Mail goes over real
 * SMTP to a loopback inbox. Server logs are silent unless E2E_SERVER_LOG names a pino level.
 * The server runs on the wall clock, as the app and the person in front of it do.
 */
export async function startLocalBackend(env: NodeJS.ProcessEnv = process.env): Promise<LocalBackend> {
  const inbox = await startSmtpInbox();
  let cleanup: (() => Promise<void>) | null = null;
  try {
    const fresh = await testConfig({
      engine: env.E2E_DATABASE_URL ? 'postgres' : 'sqlite',
      postgres: { adminUrl: env.E2E_DATABASE_URL, prefix: 'rms_e2e' },
      overrides: { smtpUrl: inbox.url, mailFrom: 'RMS Console <no-reply@rms.e2e.test>', logLevel: env.E2E_SERVER_LOG ?? 'silent' },
    });
    cleanup = fresh.cleanup;
    const server = await startServer(fresh.config, { port: 0, host: '127.0.0.1' });
    return {
      kind: 'local',
      url: server.url,
      engine: server.engine,
      server,
      inbox,
      seed: createSeeder(server.context),
      async close() {
        await server.close();
        await inbox.close();
        await fresh.cleanup();
      },
    };
  } catch (error) {
    await inbox.close();
    await cleanup?.();
    throw error;
  }
}

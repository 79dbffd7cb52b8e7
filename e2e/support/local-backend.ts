import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/src/config.js';
import { startServer } from '../../server/src/start-server.js';
import type { RunningServer } from '../../server/src/start-server.js';
import { createTemporaryDatabase } from './postgres-database.js';
import type { TemporaryDatabase } from './postgres-database.js';
import type { Seeder } from './seed.js';
import { createSeeder } from './seed.js';
import type { SmtpInbox } from './smtp-inbox.js';
import { startSmtpInbox } from './smtp-inbox.js';

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
 */
export async function startLocalBackend(env: NodeJS.ProcessEnv = process.env): Promise<LocalBackend> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'rms-e2e-backend-'));
  const inbox = await startSmtpInbox();
  let database: TemporaryDatabase | null = null;
  try {
    if (env.E2E_DATABASE_URL) database = await createTemporaryDatabase(env.E2E_DATABASE_URL);
    const config = loadConfig(
      {},
      {
        dataDir,
        databaseUrl: database?.url ?? null,
        secretKey: randomBytes(32),
        secretKeySource: 'env',
        smtpUrl: inbox.url,
        mailFrom: 'RMS Console <no-reply@rms.e2e.test>',
        logLevel: env.E2E_SERVER_LOG ?? 'silent',
      },
    );
    const server = await startServer(config, { port: 0, host: '127.0.0.1' });
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
        await database?.drop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await inbox.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

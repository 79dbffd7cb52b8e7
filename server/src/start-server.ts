import type { Kysely, LogEvent } from 'kysely';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.js';
import { secretBoxFromConfig } from './crypto/secret-box.js';
import { dataFolderPermissionProblems } from './data-folder.js';
import { migrateServerDatabase, openServerDatabase } from './database.js';
import type { Database } from './database.js';
import type { Engine } from './db/open-database.js';
import type { DomainContext } from './domain/context.js';
import { createBackgroundTasks } from './domain/background-tasks.js';
import { startHousekeeping } from './domain/housekeeping.js';
import { startSignInAlerts } from './domain/sign-in-alerts.js';
import { bindEmailCodes } from './domain/email-check.js';
import { bindLinks, linkPlaceholder, reserveLink } from './domain/link-tokens.js';
import { startRolloutWaves } from './domain/rollout-waves.js';
import { buildApp } from './http/build-app.js';
import { createLogger } from './logger.js';
import { createMail } from './mail/index.js';
import type { MailWorker } from './mail/notifications.js';

/** Options of `startServer` (tests pass a clock, a port of 0 and a quiet logger). */
export interface StartOptions {
  port?: number;
  host?: string;
  now?: () => number;
  logger?: Logger;
  /** Sees every query the database runs (Kysely's log option): benches and tests count round trips with it. */
  queryLog?: (event: LogEvent) => void;
}

/** A running server. `close()` drains in-flight requests, stops the mail worker and closes the database. */
export interface RunningServer {
  url: string;
  port: number;
  db: Kysely<Database>;
  engine: Engine;
  mailWorker: MailWorker;
  context: DomainContext;
  close(): Promise<void>;
}

/**
 * The composition root of the backend process: opens and migrates the database, creates the mail
 * subsystem and its worker, builds the HTTP app and listens (port 0 = a free port).
 */
export async function startServer(config: ServerConfig, opts: StartOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const now = opts.now ?? Date.now;
  if (config.secretKeySource === 'generated') {
    logger.warn({ path: `${config.dataDir}/secret.key` }, 'No RMS_SECRET_KEY set: generated a new key into the data folder (mode 0600). Back it up; without it the TOTP secrets cannot be read.');
  }
  const handle = openServerDatabase(config, opts.queryLog ? { log: opts.queryLog } : {});
  for (const problem of dataFolderPermissionProblems(config)) {
    logger.warn(
      { path: problem.path, mode: problem.mode, fix: problem.fix },
      'The data folder holds secrets (TOTP key, sessions, mail) but other users of this machine can read this; make it private to the server account',
    );
  }
  try {
    await migrateServerDatabase(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const host = opts.host ?? config.host;
  const port = opts.port ?? config.port;
  // Where the emailed links point: RMS_PUBLIC_URL, else the listen address (known once listening).
  let publicUrl = config.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const mail = createMail({
    links: {
      reserveNotMe: async (db, input) => linkPlaceholder(await reserveLink(db, { ...input, purpose: 'not_me' })),
      bind: async (text) => bindEmailCodes(handle.db, await bindLinks(handle.db, text, publicUrl, now()), now()),
    },
    db: handle.db,
    smtpUrl: config.smtpUrl ?? undefined,
    smtpAllowPlaintext: config.smtpAllowPlaintext,
    mailDir: config.mailDir,
    from: config.mailFrom ?? undefined,
    logger: logger.child({ component: 'mail' }),
    now,
  });
  const context: DomainContext = {
    db: handle.db,
    engine: handle.engine,
    now,
    secrets: secretBoxFromConfig(config),
    notifications: mail.notifications,
    logger,
    background: createBackgroundTasks(logger),
  };
  const app = await buildApp(context, { trustProxy: config.trustProxy, publicUrl: () => publicUrl });
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    await handle.close();
    throw error;
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${boundPort}`;
  publicUrl = config.publicUrl ?? url;
  if (config.publicUrl === null && !['127.0.0.1', '::1', 'localhost'].includes(host)) {
    logger.warn({ publicUrl }, 'RMS_PUBLIC_URL is not set: emailed links point at the listen address, which people outside this machine may not reach');
  }
  mail.worker.start();
  const housekeeping = startHousekeeping(handle.db, now, (error) => logger.warn({ err: error }, 'housekeeping failed'));
  const signInAlerts = startSignInAlerts(context, (error) => logger.warn({ err: error }, 'sign-in alert sweep failed'));
  const rolloutWaves = startRolloutWaves(context, (error) => logger.warn({ err: error }, 'rollout waves failed; will retry'));
  logger.info({ url, publicUrl, db: handle.engine, mail: config.smtpUrl ? 'smtp' : config.mailDir }, 'RMS backend listening');
  let closing: Promise<void> | null = null;
  return {
    url,
    port: boundPort,
    db: handle.db,
    engine: handle.engine,
    mailWorker: mail.worker,
    context,
    close() {
      closing ??= (async () => {
        await app.close();
        await context.background.settled();
        await housekeeping.stop();
        await signInAlerts.stop();
        await rolloutWaves.stop();
        await mail.worker.stop();
        await handle.close();
        logger.info('RMS backend stopped');
      })();
      return closing;
    },
  };
}

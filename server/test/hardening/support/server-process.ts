// Child-process entry: one real backend process for the multi-process and kill tests.
// Reads RMS_CHILD_CONFIG (JSON), listens on a free loopback port and prints "LISTENING <url>".
import { loadConfig } from '../../../src/config.js';
import { startServer } from '../../../src/start-server.js';

interface ChildConfig {
  dataDir: string;
  databaseUrl: string | null;
  secretKey: string;
  smtpUrl: string | null;
  trustProxy?: boolean;
}

const input = JSON.parse(process.env.RMS_CHILD_CONFIG ?? '{}') as ChildConfig;
const config = loadConfig(
  {},
  {
    dataDir: input.dataDir,
    databaseUrl: input.databaseUrl,
    secretKey: Buffer.from(input.secretKey, 'base64'),
    secretKeySource: 'env',
    smtpUrl: input.smtpUrl,
    trustProxy: input.trustProxy ?? false,
    logLevel: process.env.RMS_CHILD_LOG ?? 'silent',
  },
);
const server = await startServer(config, { port: 0, host: '127.0.0.1' });
process.stdout.write(`LISTENING ${server.url}\n`);
const stop = () => {
  void server.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

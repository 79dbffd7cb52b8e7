import { loadConfig } from '@rms/server/config';
import { startServer } from '@rms/server/start-server';
// Child-process entry of `spawnServer` (./server-process.ts): one real backend process for the
// multi-process, kill and load runs. Reads RMS_CHILD_CONFIG (JSON), listens on a free loopback
// port, prints "LISTENING <url>" and shuts down gracefully on SIGTERM or SIGINT.
import type { ServerProcessConfig } from './server-process.js';

const input = JSON.parse(process.env.RMS_CHILD_CONFIG ?? '{}') as Omit<ServerProcessConfig, 'secretKey'> & { secretKey: string };
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
const fixedNow = input.nowMs;
const server = await startServer(config, {
  port: 0,
  host: '127.0.0.1',
  ...(fixedNow !== undefined ? { now: () => fixedNow } : {}),
});
process.stdout.write(`LISTENING ${server.url}\n`);
const stop = () => {
  void server.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// A second server PROCESS for cross-process tests. Reads its configuration from the environment
// (DATABASE_URL or RMS_DATA_DIR, RMS_SECRET_KEY) and a fixed clock from RMS_TEST_NOW_MS, prints
// `{"url": ...}` on stdout once listening, and shuts down gracefully on SIGTERM.
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/start-server.js';

const fixedNow = Number(process.env.RMS_TEST_NOW_MS);
const config = loadConfig(process.env, { logLevel: 'silent', smtpUrl: null });
const server = await startServer(config, {
  port: 0,
  host: '127.0.0.1',
  now: Number.isFinite(fixedNow) ? () => fixedNow : Date.now,
  logger: pino({ level: 'silent' }),
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});

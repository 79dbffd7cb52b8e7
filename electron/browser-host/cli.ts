import path from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeBackendUrl } from '../main/services/config/backend-url.js';
import { startBrowserHost } from './browser-host.js';

/** `npm run dev:web -- --backend URL [--port N] [--data DIR] [--no-keychain]`: serves the built renderer on 127.0.0.1. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      'no-keychain': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: npm run dev:web -- [--backend URL] [--port N] [--data DIR] [--no-keychain]');
    return;
  }
  const port = values.port ? Number(values.port) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${values.port}".`);
  const backend = values.backend ?? process.env.RMS_BACKEND_URL;
  if (backend) normalizeBackendUrl(backend); // a wrong --backend stops here with its sentence
  const host = await startBrowserHost({
    backendUrl: backend,
    port,
    dataDir: path.resolve(values.data ?? 'data/browser-host'),
    secretStore: values['no-keychain'] ? 'none' : 'keytar',
  });
  console.log(`RMS Console (browser host): ${host.url}`);
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

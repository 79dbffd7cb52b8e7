import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ServerConfig } from '../../src/config.js';

/** A server running in another OS process on the same database. */
export interface ChildServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts `child-server.ts` with tsx on the same database and key as `config`, at a fixed clock. */
export async function spawnChildServer(config: ServerConfig, nowMs: number): Promise<ChildServer> {
  const script = fileURLToPath(new URL('./child-server.ts', import.meta.url));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RMS_SECRET_KEY: config.secretKey.toString('base64'),
    RMS_DATA_DIR: config.dataDir,
    RMS_TEST_NOW_MS: String(nowMs),
  };
  if (config.databaseUrl) env.DATABASE_URL = config.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`child server exited (${code}): ${stderr}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerConfig } from '../../../src/config.js';

/** Path of the CLI entry. */
export const CLI_MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

/** Environment of a CLI process on the database and key of `config` (PostgreSQL URL or SQLite data folder). */
export function cliEnv(config: ServerConfig, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, RMS_SECRET_KEY: config.secretKey.toString('base64'), LOG_LEVEL: 'warn', ...extra };
  if (config.databaseUrl) env.DATABASE_URL = config.databaseUrl;
  else delete env.DATABASE_URL;
  delete env.SMTP_URL;
  Object.assign(env, extra);
  return env;
}

/** Starts `node --import tsx server/src/cli/main.ts <args>`. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs the CLI to the end with `stdin`; resolves with exit code and output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  child.stdin?.end(stdin);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerConfig } from '@rms/server/config';

const ENTRY = fileURLToPath(new URL('./server-process-entry.ts', import.meta.url));

/** What a server process is started with: the database and key it shares with the test, and its mail. */
export interface ServerProcessConfig {
  dataDir: string;
  databaseUrl: string | null;
  secretKey: Buffer;
  smtpUrl: string | null;
  /** Fastify trustProxy, as in ServerConfig (default false). */
  trustProxy?: ServerConfig['trustProxy'];
  /** A frozen clock (epoch milliseconds) for every time decision of the child; unset = the wall clock. */
  nowMs?: number;
}

/** A backend running in its own OS process. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Ends it: SIGTERM (graceful) or SIGKILL (no goodbye), and waits for the exit. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/**
 * Starts the real server in a child process (node --import tsx) on the database and key of `config`
 * and waits, at most `timeoutMs`, for it to listen on a free loopback port. Only the fields of
 * ServerProcessConfig are passed on, so a whole ServerConfig may be given. RMS_CHILD_LOG sets its
 * log level (default silent).
 */
export function spawnServer(config: ServerProcessConfig, timeoutMs = 30_000): Promise<ServerProcess> {
  const childConfig = {
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    secretKey: config.secretKey.toString('base64'),
    smtpUrl: config.smtpUrl,
    trustProxy: config.trustProxy ?? false,
    nowMs: config.nowMs,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: { ...process.env, RMS_CHILD_CONFIG: JSON.stringify(childConfig) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The server process did not start within ${timeoutMs} ms.\n${stderr}`));
    }, timeoutMs);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        child,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          const bound = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(bound);
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server process exited (${code}) before listening.\n${stderr}`));
    });
  });
}

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));

/** A backend running in its own OS process. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Ends it: SIGTERM (graceful) or SIGKILL (no goodbye), and waits for the exit. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** Starts `server-process.ts` in a child process (via tsx) and waits, at most `timeoutMs`, for it to listen. */
export function spawnServer(
  config: { dataDir: string; databaseUrl: string | null; secretKey: Buffer; smtpUrl: string | null; trustProxy?: boolean },
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: { ...process.env, RMS_CHILD_CONFIG: JSON.stringify({ ...config, secretKey: config.secretKey.toString('base64') }) },
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

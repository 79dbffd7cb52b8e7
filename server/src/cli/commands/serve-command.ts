import { startServer } from '../../start-server.js';
import { CliError } from '../cli-error.js';
import { cliConfig } from '../open-cli-database.js';

/** `serve`: runs the backend until SIGINT/SIGTERM, then closes gracefully (requests and mail in flight finish). */
export async function serveCommand(opts: { data?: string; port?: number; host?: string }): Promise<void> {
  const config = cliConfig(opts.data, {
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.host !== undefined ? { host: opts.host } : {}),
  });
  const server = await startServer(config).catch((error: unknown) => {
    if ((error as { code?: unknown } | null)?.code === 'EADDRINUSE') {
      throw new CliError(`Port ${config.port} on ${config.host} is already in use. Stop the other server or choose another with --port N.`);
    }
    throw error;
  });
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl-C: stop waiting.
        process.exit(130);
      }
      stopping = true;
      process.stderr.write(`Received ${signal}: finishing requests and mail in flight...\n`);
      server.close().then(resolve, (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

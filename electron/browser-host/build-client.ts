import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The entry of the browser-host client script. */
export const CLIENT_ENTRY = path.join(here, 'client', 'rms-client.ts');

/**
 * Bundles the client script (IIFE, ES2022, self-contained) in memory when the browser host
 * starts, so it always matches the sources; it is the only build of it (nothing is written to out/).
 */
export async function buildBridgeClient(): Promise<string> {
  const result = await build({
    entryPoints: [CLIENT_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no client script');
  return file.text;
}

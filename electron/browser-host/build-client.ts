import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The entry of the browser-host client script. */
export const CLIENT_ENTRY = path.join(here, 'client', 'rms-client.ts');

/** Bundles the client script (IIFE, ES2022, self-contained); writes it to `outFile` when given, returns its text. */
export async function buildBridgeClient(outFile?: string): Promise<string> {
  const result = await build({
    entryPoints: [CLIENT_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: Boolean(outFile),
    ...(outFile ? { outfile: outFile } : {}),
    logLevel: 'silent',
  });
  if (outFile) return '';
  const file = result.outputFiles?.[0];
  if (!file) throw new Error('esbuild produced no client script');
  return file.text;
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBridgeClient } from '../electron/browser-host/build-client.js';

/** Writes the browser host's window.rms client to out/browser-host/rms-bridge.js (part of `npm run build`). */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.join(root, 'out/browser-host/rms-bridge.js');
await buildBridgeClient(outFile);
console.log(`browser-host client: ${path.relative(root, outFile)}`);

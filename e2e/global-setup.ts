import { existsSync } from 'node:fs';
import { BUILT_RENDERER, CHROMIUM_PATH } from './support/environment.js';

/** Checks once, before any worker starts, that what every spec needs is there, and says how to fix it. */
export default function globalSetup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium was not found at ${CHROMIUM_PATH}. Install the Debian package (apt-get install chromium) or set E2E_CHROMIUM.`);
  }
  if (!existsSync(BUILT_RENDERER)) {
    throw new Error('The built app was not found (out/renderer/index.html). Run "npm run build" first.');
  }
}

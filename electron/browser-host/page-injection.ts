import { CONTENT_SECURITY_POLICY } from '../main/app-pages/app-origin.js';
import { BRIDGE_SCRIPT_PATH } from './wire-protocol.js';

/** The app's CSP with the browser host's own WebSocket origin added to connect-src. */
export function browserHostCsp(hostPort: string): string {
  return CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' ws://${hostPort}`);
}

/**
 * Adds the bridge client script to the renderer's index.html as a classic script at the top of
 * <head>, so it runs before the renderer's module script and `window.rms` exists at startup.
 * The meta CSP, if any, gets the socket origin too (meta and header CSPs both apply).
 */
export function injectBridgeScript(html: string, hostPort: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  let out = html.replace(/connect-src 'self'/g, `connect-src 'self' ws://${hostPort}`);
  if (/<head[^>]*>/i.test(out)) out = out.replace(/<head[^>]*>/i, (head) => `${head}\n    ${tag}`);
  else out = `${tag}\n${out}`;
  return out;
}

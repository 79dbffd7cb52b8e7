import { createHash } from 'node:crypto';
import { contentSecurityPolicy, pageScriptSrc, SELF_SCRIPT_SRC } from '../main/app-pages/app-origin.js';
import { BRIDGE_SCRIPT_PATH } from './wire-protocol.js';

/** `sha256-…` of the bridge client script: its `integrity` and its source in script-src. */
export function bridgeIntegrity(clientScript: string): string {
  return `sha256-${createHash('sha256').update(clientScript).digest('base64')}`;
}

/**
 * The header policy of the browser host's answers: the built page's own script-src (its loader's
 * hash and 'strict-dynamic'; 'self' for a page without one) plus the bridge script's hash, and the
 * host's WebSocket origin in connect-src.
 */
export function browserHostCsp(hostPort: string, indexHtml: string | null, clientScript: string): string {
  const scriptSrc = `${(indexHtml && pageScriptSrc(indexHtml)) ?? SELF_SCRIPT_SRC} '${bridgeIntegrity(clientScript)}'`;
  return contentSecurityPolicy(scriptSrc).replace("connect-src 'self'", `connect-src 'self' ws://${hostPort}`);
}

/**
 * Adds the bridge client script to the renderer's index.html as a classic script at the top of
 * <head>, so it runs before the renderer's loader and `window.rms` exists at startup. Under the
 * page's 'strict-dynamic' a script the parser meets runs only when the policy names its hash, so
 * the tag carries `integrity` and the meta policy (if any) gets that hash and the socket origin
 * (meta and header policies both apply).
 */
export function injectBridgeScript(html: string, hostPort: string, clientScript: string): string {
  const integrity = bridgeIntegrity(clientScript);
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}" integrity="${integrity}"></script>`;
  let out = html
    .replace(/connect-src 'self'/g, `connect-src 'self' ws://${hostPort}`)
    .replace(/(<meta\s+http-equiv="Content-Security-Policy"\s+content="[^"]*script-src [^;"]*)/i, `$1 '${integrity}'`);
  if (/<head[^>]*>/i.test(out)) out = out.replace(/<head[^>]*>/i, (head) => `${head}\n    ${tag}`);
  else out = `${tag}\n${out}`;
  return out;
}

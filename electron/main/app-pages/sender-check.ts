import { APP_ORIGIN } from './app-origin.js';

/** The parts of an IPC sender frame the check looks at (Electron's WebFrameMain has them). */
export interface SenderFrameLike {
  url: string;
  /** Null for a main (top-level) frame. */
  parent: unknown;
}

/** The origin of a URL, or null when it cannot be parsed. Custom schemes give "null" in WHATWG, so compare by parts. */
function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

/** True only for the app's own main frame on `app://rms` (subframes and any other origin are refused). */
export function isTrustedSender(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame || typeof frame.url !== 'string') return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  return originOf(frame.url) === APP_ORIGIN;
}

import { APP_ORIGIN } from './app-origin.js';

/** True for links that may open in the system browser: https only, with a host and no credentials. */
export function isSafeExternalUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.hostname.length > 0 && !url.username && !url.password;
}

/** What a navigation leads to: an app page stays, a safe https link opens in the system browser, anything else is refused. */
export type NavigationVerdict = 'stay' | 'system-browser' | 'refuse';

/**
 * Decides one navigation or new-window request. Only the window itself (its main frame, or a
 * window.open / link click) may hand a link to the system browser; a subframe never can.
 */
export function navigationVerdict(url: string, from: 'main-frame' | 'subframe'): NavigationVerdict {
  if (url.startsWith(`${APP_ORIGIN}/`)) return 'stay';
  return from === 'main-frame' && isSafeExternalUrl(url) ? 'system-browser' : 'refuse';
}

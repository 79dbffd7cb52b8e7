import type { Session, WebContents } from 'electron';
import { shell } from 'electron';
import type { Logger } from '../services/logging/logger.js';
import { APP_ORIGIN } from './app-origin.js';
import { isSafeExternalUrl } from './external-links.js';

/** Denies every permission request and check of the session (camera, notifications, clipboard-read...). */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}

/** Denies navigation away from the app, redirects and new windows; safe https links go to the system browser. */
export function guardNavigation(contents: WebContents, logger: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    else logger.warn('refused to open a window', { url });
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    else logger.warn('refused a navigation', { url });
  });
  contents.on('will-redirect', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    logger.warn('refused a redirect', { url });
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

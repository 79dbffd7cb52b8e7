import type { Session, WebContents } from 'electron';
import type { Logger } from '../services/logging/logger.js';
import { navigationVerdict } from '../app-pages/external-links.js';

/** Denies every permission request and check of the session (camera, notifications, clipboard-read...). */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** What the guard needs besides the contents: the system browser (Electron's shell.openExternal) and a log. */
export interface NavigationGuardDeps {
  openInSystemBrowser(url: string): Promise<void>;
  logger: Logger;
}

/** A navigation event as Electron passes it (the will-navigate / will-frame-navigate / will-redirect details). */
interface NavigationEvent {
  url: string;
  isMainFrame?: boolean;
  preventDefault(): void;
}

/**
 * Denies navigation away from the app in every frame (`will-navigate` for the main frame,
 * `will-frame-navigate` for all frames), redirects, webviews and new windows; safe https links
 * from the window go to the system browser.
 */
export function guardNavigation(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, deps: NavigationGuardDeps): void {
  const decide = (event: NavigationEvent, from: 'main-frame' | 'subframe', what: string) => {
    const verdict = navigationVerdict(event.url, from);
    if (verdict === 'stay') return;
    event.preventDefault();
    if (verdict === 'system-browser') void deps.openInSystemBrowser(event.url);
    else deps.logger.warn(`refused ${what}`, { url: event.url });
  };
  contents.setWindowOpenHandler(({ url }) => {
    // No new window ever opens; an app URL is refused too, only a safe link goes to the system browser.
    if (navigationVerdict(url, 'main-frame') === 'system-browser') decide({ url, preventDefault: () => undefined }, 'main-frame', 'to open a window');
    else deps.logger.warn('refused to open a window', { url });
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => decide(event, 'main-frame', 'a navigation'));
  // Electron emits it for the main frame only when will-navigate let it pass: treat every frame as a subframe here.
  contents.on('will-frame-navigate', (event) => decide({ url: event.url, preventDefault: () => event.preventDefault() }, 'subframe', 'a frame navigation'));
  contents.on('will-redirect', (event) => decide(event, 'subframe', 'a redirect'));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

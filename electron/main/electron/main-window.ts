import { BrowserWindow } from 'electron';

/** True when this run may open DevTools: never in a packaged build; in a dev run only with RMS_DEVTOOLS=1. */
export function devToolsAllowed(packaged: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return !packaged && env.RMS_DEVTOOLS === '1';
}

/**
 * Creates the main window, shown at once (the page says "signing in…" while the services start).
 * Every security-relevant web preference is written here, literally, where `new BrowserWindow`
 * is called, so a reviewer and electronegativity both read them at the call site.
 */
export function createMainWindow(options: { preloadPath: string; devTools: boolean }): BrowserWindow {
  return new BrowserWindow({
    width: 1180,
    height: 800,
    minWidth: 720,
    minHeight: 560,
    title: 'RMS Console',
    show: true,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: options.devTools,
    },
  });
}

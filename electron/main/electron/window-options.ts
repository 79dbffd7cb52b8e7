import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** The web preferences of every app window: the Electron security checklist, each default set explicitly. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: true,
  };
}

/** The options of the main window (pure, so a unit test can check every secure default without Electron). */
export function mainWindowOptions(preloadPath: string, opts: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 800,
    minWidth: 720,
    minHeight: 560,
    title: 'RMS Console',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: { ...secureWebPreferences(preloadPath), devTools: opts.devTools ?? true },
  };
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow } from 'electron';
import { app, ipcMain, net, session, shell } from 'electron';
import { APP_ENTRY_URL } from './electron/app-origin.js';
import { handleAppProtocol, registerAppSchemePrivileges } from './electron/app-protocol.js';
import { installAppMenu } from './electron/app-menu.js';
import { createElectronPlatform } from './electron/host-platform.js';
import { createMainWindow, devToolsAllowed } from './electron/main-window.js';
import { denyAllPermissions, guardNavigation } from './electron/navigation-guard.js';
import { applyNetworkPolicy } from './electron/network-policy.js';
import { registerValidatedIpc } from './electron/validated-ipc.js';
import type { ClientRequestLike } from './services/api/client-request-fetch.js';
import { createClientRequestFetch } from './services/api/client-request-fetch.js';
import { createMainServices } from './services/create-main-services.js';
import { createConsoleLogger } from './services/logging/logger.js';

/** The composition root of the Electron process: wires the Electron layer to the shared main services. */
const here = path.dirname(fileURLToPath(import.meta.url));
const logger = createConsoleLogger('main');

registerAppSchemePrivileges();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;

  // The one place a link reaches the system browser: only what navigationVerdict() calls safe gets here.
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents, { openInSystemBrowser: (url) => shell.openExternal(url), logger }));
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(async () => {
    const rendererDir = path.join(here, '../renderer');
    const preloadPath = path.join(here, '../preload/index.cjs');
    handleAppProtocol(rendererDir);
    denyAllPermissions(session.defaultSession);
    installAppMenu();

    const services = await createMainServices({
      host: 'electron',
      version: app.getVersion(),
      dataDir: app.getPath('userData'),
      packaged: app.isPackaged,
      backendUrl: process.env.RMS_BACKEND_URL || undefined,
      // net.request, not net.fetch: net.fetch cannot hand back a redirect (see client-request-fetch.ts).
      fetch: createClientRequestFetch((options) => net.request(options) as unknown as ClientRequestLike),
      platformFeatures: createElectronPlatform(() => mainWindow, () => app.getPath('documents')),
      logger,
    });
    await applyNetworkPolicy(session.defaultSession, services.policy, logger);
    registerValidatedIpc(ipcMain, services.dispatcher, logger);
    await services.start();
    // The page receives events once it has loaded; notices raised before then wait in the services.
    let stopEvents: (() => void) | null = null;
    mainWindow = createMainWindow({ preloadPath, devTools: devToolsAllowed(app.isPackaged) });
    const contents = mainWindow.webContents;
    contents.on('did-finish-load', () => {
      stopEvents?.();
      stopEvents = services.onEvent((event, payload) => {
        if (!contents.isDestroyed()) contents.send(event, payload);
      });
    });
    await mainWindow.loadURL(APP_ENTRY_URL);
    mainWindow.on('closed', () => {
      mainWindow = null;
      stopEvents?.();
      stopEvents = null;
    });
  }).catch((err: unknown) => {
    logger.error('the app could not start', { detail: err instanceof Error ? err.message : String(err) });
    app.exit(1);
  });
}

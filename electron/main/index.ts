import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow } from 'electron';
import { app, dialog, ipcMain, net, session, shell } from 'electron';
import { APP_ENTRY_URL } from './app-pages/app-origin.js';
import { handleAppProtocol, registerAppSchemePrivileges } from './electron/app-protocol.js';
import { appUserModelIdFor, bringToFront, reportStartFailure } from './electron/app-lifecycle.js';
import { installAppMenu } from './electron/app-menu.js';
import { createElectronPlatform } from './electron/host-platform.js';
import { createMainWindow, devToolsAllowed } from './electron/main-window.js';
import { denyAllPermissions, guardNavigation } from './electron/navigation-guard.js';
import { applyNetworkPolicy } from './electron/network-policy.js';
import { registerValidatedIpc } from './electron/validated-ipc.js';
import type { ClientRequestLike } from './services/api/client-request-fetch.js';
import { createClientRequestFetch } from './services/api/client-request-fetch.js';
import type { MainServices } from './services/create-main-services.js';
import { createMainServices } from './services/create-main-services.js';
import { gateUntilStarted } from './services/ipc/ready-gate.js';
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
  const failStart = (err: unknown) =>
    reportStartFailure({ showErrorBox: (title, content) => dialog.showErrorBox(title, content), exit: (code) => app.exit(code), logError: (m, d) => logger.error(m, d) }, err);

  // The one place a link reaches the system browser: only what navigationVerdict() calls safe gets here.
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents, { openInSystemBrowser: (url) => shell.openExternal(url), logger }));
  // The window exists from the first moment, so a second launch always has something to bring forward.
  app.on('second-instance', () => bringToFront(mainWindow));
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(async () => {
    const appUserModelId = appUserModelIdFor(process.platform);
    if (appUserModelId) app.setAppUserModelId(appUserModelId);
    const rendererDir = path.join(here, '../renderer');
    const preloadPath = path.join(here, '../preload/index.cjs');
    handleAppProtocol(rendererDir);
    denyAllPermissions(session.defaultSession);
    installAppMenu();

    // Window first: calls from the page wait (the page says "signing in…") until the services have
    // started, which may take the keychain's and the server's time-outs when the VPN is down.
    let servicesStarted!: (services: MainServices) => void;
    let servicesFailed!: (err: unknown) => void;
    const started = new Promise<MainServices>((resolve, reject) => {
      servicesStarted = resolve;
      servicesFailed = reject;
    });
    registerValidatedIpc(ipcMain, gateUntilStarted(started.then((services) => services.dispatcher)), logger);
    mainWindow = createMainWindow({ preloadPath, devTools: devToolsAllowed(app.isPackaged) });
    const contents = mainWindow.webContents;
    // The page receives events once it has loaded and the services run; notices raised before then wait in the services.
    let stopEvents: (() => void) | null = null;
    contents.on('did-finish-load', () => {
      void started.then((services) => {
        stopEvents?.();
        stopEvents = services.onEvent((event, payload) => {
          if (!contents.isDestroyed()) contents.send(event, payload);
        });
      }, () => undefined);
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
      stopEvents?.();
      stopEvents = null;
    });
    const loaded = mainWindow.loadURL(APP_ENTRY_URL);

    try {
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
      await services.start();
      servicesStarted(services);
    } catch (err) {
      servicesFailed(err);
      throw err;
    }
    await loaded;
  }).catch(failStart);
}

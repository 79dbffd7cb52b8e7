import type { AppInfo, AppNotice, AuthState } from '@rms/shared';
import type { PolicyFile } from '@rms/shared/policy';
import type { FetchFunction } from './api/api-client.js';
import { ApiClient } from './api/api-client.js';
import { BackendApi } from './api/backend-api.js';
import { clientDescription } from './api/client-description.js';
import { BackendConfig } from './config/backend-config.js';
import { policyFilePath } from './config/policy-file.js';
import { SettingsStore } from './config/settings-store.js';
import { appError, isServiceError } from './errors/service-error.js';
import type { MainEventListener } from './events/event-hub.js';
import { EventHub } from './events/event-hub.js';
import type { HostPlatform } from './ipc/handler-types.js';
import { createAccountHandlers } from './ipc/handlers/account-handlers.js';
import { createAppHandlers } from './ipc/handlers/app-handlers.js';
import { createAuthHandlers } from './ipc/handlers/auth-handlers.js';
import { createCompanyHandlers } from './ipc/handlers/company-handlers.js';
import { createEnrollmentHandlers } from './ipc/handlers/enrollment-handlers.js';
import { IpcDispatcher } from './ipc/ipc-dispatcher.js';
import type { Logger } from './logging/logger.js';
import { createConsoleLogger } from './logging/logger.js';
import { KeytarSecretStore, loadKeytar } from './secrets/keytar-secret-store.js';
import { ResilientSecretStore } from './secrets/resilient-secret-store.js';
import type { SecretStore } from './secrets/secret-store.js';
import { createSession } from './session/create-session.js';
import { SessionWatch } from './session/session-watch.js';

/** Which keychain the services use: the OS keychain via keytar, none (memory only), or a given store. */
export type SecretStoreChoice = 'keytar' | 'none' | SecretStore;

/** Options of the main-process services, shared by the Electron host and the browser host. */
export interface MainServicesOptions {
  host: AppInfo['host'];
  version: string;
  platform?: string;
  /** The app's data folder (settings.json lives here; never a token). */
  dataDir: string;
  /** Fixes the backend for this run (`RMS_BACKEND_URL`, the browser host's --backend). */
  backendUrl?: string | undefined;
  /**
   * Electron's `app.isPackaged` (false for the browser host and tests). A packaged build reads
   * only the machine-wide policy file and never opens DevTools.
   */
  packaged: boolean;
  /** The policy file of a dev or test run (then `RMS_POLICY_FILE`, then the per-OS path); ignored when packaged. */
  policyFile?: string;
  /** The fetch used for the backend (Electron's net.fetch in Electron). */
  fetch?: FetchFunction;
  secretStore?: SecretStoreChoice;
  /** How long a keychain call may take before falling back to memory. */
  keychainTimeoutMs?: number;
  platformFeatures: HostPlatform;
  logger?: Logger;
  /** The clock for token expiry (tests share the backend's clock). */
  now?: () => number;
  /** How often a signed-in app checks that its session still stands (default one minute). */
  sessionCheckMs?: number;
}

export type { MainEventListener } from './events/event-hub.js';

/** The running main-process services. Nothing here hands out a token. */
export interface MainServices {
  dispatcher: IpcDispatcher;
  /** The administrator's policy, read once at creation (the Electron host applies its network rules before start). */
  policy: PolicyFile;
  /** The AppInfo as it stands. */
  info(): AppInfo;
  /**
   * Subscribes a window (or socket) that is ready to receive events; notices raised while
   * nobody listened are delivered to it first. Returns the unsubscribe function.
   */
  onEvent(listener: MainEventListener): () => void;
  /** Probes the keychain and restores the last session. */
  start(): Promise<AuthState>;
  /** Stops background work (the session check); the services answer nothing afterwards that needs it. */
  stop(): void;
}

async function createSecretStore(choice: SecretStoreChoice | undefined, timeoutMs: number | undefined, onUnavailable: (reason: string) => void, logger: Logger) {
  if (choice && typeof choice === 'object') return new ResilientSecretStore(choice, { timeoutMs, onUnavailable });
  if (choice === 'none') return new ResilientSecretStore(null, { timeoutMs, onUnavailable }, 'keychain disabled for this run');
  try {
    const keytar = await loadKeytar();
    return new ResilientSecretStore(new KeytarSecretStore(keytar), { timeoutMs, onUnavailable });
  } catch (err) {
    logger.warn('keytar could not be loaded; sessions stay in memory', { detail: err instanceof Error ? err.message : String(err) });
    return new ResilientSecretStore(null, { timeoutMs, onUnavailable }, 'keytar not loadable');
  }
}

/**
 * The composition root of the main process: builds every service once, for either host, and
 * reads the configuration (policy file, environment, settings) once.
 */
export async function createMainServices(options: MainServicesOptions): Promise<MainServices> {
  const logger = options.logger ?? createConsoleLogger(options.host);
  // Events go through the hub built below, once the session (whose fence it uses) exists; nothing is emitted before start().
  const notice = (n: AppNotice) => events.emit('app:notice', n);

  const settings = SettingsStore.inDataDir(options.dataDir);
  const config = new BackendConfig({
    policyFile: policyFilePath({ packaged: options.packaged, override: options.policyFile }),
    settings,
    environmentUrl: options.backendUrl,
  });
  const snapshot = await config.load();
  if (snapshot.policyError) logger.warn('policy file problem', { detail: snapshot.policyError });
  const secrets = await createSecretStore(
    options.secretStore,
    options.keychainTimeoutMs,
    (reason) => {
      logger.warn('keychain unavailable; the session is kept in memory only', { detail: secrets?.failureDetail ?? 'unknown' });
      notice({ level: 'warning', code: 'keychain_unavailable', message: reason });
    },
    logger,
  );

  let api: BackendApi | null = null;
  const describedAs = clientDescription({ version: options.version, platform: options.platform ?? process.platform, arch: process.arch, host: options.host });
  const apiFor = (origin: string) =>
    new BackendApi(new ApiClient({ origin, fetch: options.fetch, userAgent: `RMS-Console/${options.version}`, clientDescription: describedAs }));
  const currentApi = (): BackendApi => {
    const url = config.current().backendUrl;
    if (!url) throw appError('backend_not_configured');
    if (!api || api.origin !== url) api = apiFor(url);
    return api;
  };

  // While signed in, the app asks now and then whether its session still stands, so a device
  // signed out elsewhere returns to the sign-in screen without waiting for a click.
  const watch = new SessionWatch(() => session.checkSession(), options.sessionCheckMs);
  const session = createSession({
    api: currentApi,
    secrets,
    settings,
    logger,
    onStateChanged: (state) => {
      if (state.kind === 'signed_in' || (state.kind === 'enrollment_required' && state.via === 'session')) watch.start();
      else watch.stop();
      events.emit('auth:stateChanged', state);
    },
    onNotice: notice,
    ...(options.now ? { now: options.now } : {}),
  });
  // One fence for IPC answers and pushed events: nothing carrying a live token or challenge leaves main.
  const leaksSecret = (serialized: string) => session.leaksSecret(serialized);
  const events = new EventHub({ logger, leaksSecret });
  const sessionDeps = { api: session.api, session };

  const info = (): AppInfo => {
    const snapshot = config.current();
    return {
      version: options.version,
      platform: options.platform ?? process.platform,
      backendUrl: snapshot.backendUrl,
      backendLocked: snapshot.locked,
      policyError: snapshot.policyError,
      storage: secrets.storageInfo(),
      host: options.host,
    };
  };

  const setBackendUrl = async (url: string): Promise<AppInfo> => {
    const before = config.current().backendUrl;
    await config.set(url, async (origin) => {
      try {
        await apiFor(origin).health();
      } catch (err) {
        const redirect = isServiceError(err) && err.info.status !== undefined && err.info.status >= 300 && err.info.status < 400;
        if (isServiceError(err) && err.info.code === 'unexpected_response' && !redirect) {
          throw appError('unexpected_response', 'That address answers, but it is not an RMS server. Check the address with your administrator.');
        }
        throw err;
      }
    });
    if (config.current().backendUrl !== before) {
      api = null;
      session.resetForBackendChange();
    }
    return info();
  };

  const dispatcher = new IpcDispatcher(
    {
      app: createAppHandlers({ info, setBackendUrl, platform: options.platformFeatures }),
      auth: createAuthHandlers(session, currentApi),
      enrollment: createEnrollmentHandlers(session),
      account: createAccountHandlers(sessionDeps),
      company: createCompanyHandlers(sessionDeps),
    },
    logger,
    leaksSecret,
  );

  return {
    dispatcher,
    policy: snapshot.policy,
    info,
    onEvent: (listener) => events.listen(listener),
    async start() {
      await secrets.probe();
      return session.restore();
    },
    stop() {
      watch.stop();
    },
  };
}

import type { AppInfo, AppNotice, AuthState, EventMap } from '@rms/shared';
import type { FetchFunction } from './api/api-client.js';
import { ApiClient } from './api/api-client.js';
import { BackendApi } from './api/backend-api.js';
import { BackendConfig } from './config/backend-config.js';
import { policyFilePath } from './config/policy-file.js';
import { SettingsStore } from './config/settings-store.js';
import { appError, isRmsError } from './errors/rms-error.js';
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
import { SessionManager } from './session/session-manager.js';

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
}

/** A listener of main-process events. */
export type MainEventListener = <E extends keyof EventMap>(event: E, payload: EventMap[E]) => void;

/** The running main-process services. */
export interface MainServices {
  dispatcher: IpcDispatcher;
  session: SessionManager;
  config: BackendConfig;
  secrets: ResilientSecretStore;
  /** The AppInfo as it stands. */
  info(): AppInfo;
  /** Subscribes to events for the window(s); returns the unsubscribe function. */
  onEvent(listener: MainEventListener): () => void;
  /** Loads config, probes the keychain and restores the last session. */
  start(): Promise<AuthState>;
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

/** The composition root of the main process: builds every service once, for either host. */
export async function createMainServices(options: MainServicesOptions): Promise<MainServices> {
  const logger = options.logger ?? createConsoleLogger(options.host);
  const listeners = new Set<MainEventListener>();
  const emit: MainEventListener = (event, payload) => {
    for (const listener of listeners) {
      try {
        listener(event, payload);
      } catch (err) {
        logger.warn('event listener failed', { event, detail: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  const notice = (n: AppNotice) => emit('app:notice', n);

  const settings = SettingsStore.inDataDir(options.dataDir);
  const config = new BackendConfig({
    policyFile: policyFilePath({ packaged: options.packaged, override: options.policyFile }),
    settings,
    environmentUrl: options.backendUrl,
  });
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
  const apiFor = (origin: string) => new BackendApi(new ApiClient({ origin, fetch: options.fetch, userAgent: `RMS-Console/${options.version}` }));
  const currentApi = (): BackendApi => {
    const url = config.current().backendUrl;
    if (!url) throw appError('backend_not_configured');
    if (!api || api.origin !== url) api = apiFor(url);
    return api;
  };

  const session = new SessionManager({
    api: currentApi,
    secrets,
    settings,
    logger,
    onStateChanged: (state) => emit('auth:stateChanged', state),
    onNotice: notice,
    ...(options.now ? { now: options.now } : {}),
  });

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
        if (isRmsError(err) && err.info.code === 'unexpected_response') {
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
      auth: createAuthHandlers(session),
      enrollment: createEnrollmentHandlers(session),
      account: createAccountHandlers(session),
      company: createCompanyHandlers(session),
    },
    logger,
    (serialized) => session.leaksToken(serialized),
  );

  return {
    dispatcher,
    session,
    config,
    secrets,
    info,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      const snapshot = await config.load();
      if (snapshot.policyError) logger.warn('policy file problem', { detail: snapshot.policyError });
      await secrets.probe();
      return session.restore();
    },
  };
}

import type { PolicyFile } from '@rms/shared/policy';
import { appError, isServiceError } from '../errors/service-error.js';
import { normalizeBackendUrl } from './backend-url.js';
import { readPolicyFile } from './policy-file.js';
import type { SettingsStore } from './settings-store.js';

/** Appended to a policy problem: the app then uses no server at all. */
const FAILED_CLOSED = 'Until it is fixed, RMS Console connects to no server.';

/** Where the backend URL in use came from. */
export type BackendUrlSource = 'policy' | 'environment' | 'settings' | 'none';

/** The resolved backend configuration. */
export interface BackendConfigSnapshot {
  backendUrl: string | null;
  source: BackendUrlSource;
  locked: boolean;
  policyError: string | null;
  policy: PolicyFile;
}

/** Options of the backend configuration. */
export interface BackendConfigOptions {
  policyFile: string;
  settings: SettingsStore;
  /** `RMS_BACKEND_URL` (or the browser host's --backend): fixes the URL for this run. */
  environmentUrl?: string | undefined;
}

/**
 * Decides which backend the app talks to: a locked policy URL, then `RMS_BACKEND_URL`, then the
 * person's choice from the first-run screen (settings file), then an unlocked policy URL as default.
 */
export class BackendConfig {
  private snapshot: BackendConfigSnapshot = { backendUrl: null, source: 'none', locked: false, policyError: null, policy: {} };

  constructor(private readonly options: BackendConfigOptions) {}

  /**
   * Reads the policy file and the settings; call once at start. A policy file that cannot be read
   * or is invalid (including a backendUrl that cannot be used) fails closed: no server, nothing
   * the person or the environment chose, and the sentence saying why.
   */
  async load(): Promise<BackendConfigSnapshot> {
    const { policy, error } = await readPolicyFile(this.options.policyFile);
    let policyProblem = error;
    let policyUrl: string | null = null;
    if (!policyProblem && policy.backendUrl) {
      try {
        policyUrl = normalizeBackendUrl(policy.backendUrl);
      } catch (err) {
        const reason = isServiceError(err) ? err.info.message : 'it is not a valid address';
        policyProblem = `The policy file ${this.options.policyFile} sets backendUrl "${policy.backendUrl}", which cannot be used: ${reason} Ask your IT team to correct it.`;
      }
    }
    if (policyProblem) {
      this.snapshot = { backendUrl: null, source: 'policy', locked: true, policyError: `${policyProblem} ${FAILED_CLOSED}`, policy: {} };
      return this.snapshot;
    }
    let policyError: string | null = null;
    let envUrl: string | null = null;
    if (this.options.environmentUrl) {
      try {
        envUrl = normalizeBackendUrl(this.options.environmentUrl);
      } catch (err) {
        const reason = isServiceError(err) ? err.info.message : 'it is not a valid address.';
        policyError = `RMS_BACKEND_URL "${this.options.environmentUrl}" cannot be used: ${reason}`;
      }
    }
    const settings = await this.options.settings.read();
    let settingsUrl: string | null = null;
    if (settings.backendUrl) {
      try {
        settingsUrl = normalizeBackendUrl(settings.backendUrl);
      } catch {
        settingsUrl = null;
      }
    }
    const lockedByPolicy = policyUrl !== null && policy.lockBackendUrl === true;
    if (policyUrl && lockedByPolicy) {
      this.snapshot = { backendUrl: policyUrl, source: 'policy', locked: true, policyError, policy };
    } else if (envUrl) {
      this.snapshot = { backendUrl: envUrl, source: 'environment', locked: true, policyError, policy };
    } else if (settingsUrl) {
      this.snapshot = { backendUrl: settingsUrl, source: 'settings', locked: false, policyError, policy };
    } else if (policyUrl) {
      // An unlocked policy URL is the organisation's default: the person's own choice wins.
      this.snapshot = { backendUrl: policyUrl, source: 'policy', locked: false, policyError, policy };
    } else {
      this.snapshot = { backendUrl: null, source: 'none', locked: false, policyError, policy };
    }
    return this.snapshot;
  }

  /** The configuration in use. */
  current(): BackendConfigSnapshot {
    return this.snapshot;
  }

  /**
   * Sets the backend from the first-run screen: normalises to an origin, runs `check` (GET /health)
   * and only then saves it. Refused when an administrator's policy fixes the URL.
   */
  async set(input: string, check: (origin: string) => Promise<void>): Promise<string> {
    if (this.snapshot.locked) throw appError('backend_url_locked', this.snapshot.backendUrl === null ? (this.snapshot.policyError ?? undefined) : undefined);
    const origin = normalizeBackendUrl(input);
    await check(origin);
    await this.options.settings.update({ backendUrl: origin });
    this.snapshot = { ...this.snapshot, backendUrl: origin, source: 'settings' };
    return origin;
  }
}

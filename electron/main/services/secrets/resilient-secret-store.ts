import type { SessionStorageInfo } from '@rms/shared';
import { MemorySecretStore } from './memory-secret-store.js';
import type { SecretStore } from './secret-store.js';

/** Options of the resilient store. */
export interface ResilientSecretStoreOptions {
  /** How long a keychain call may take before the keychain counts as not answering. */
  timeoutMs?: number;
  /** Called once, the first time the keychain fails. */
  onUnavailable?: (reason: string) => void;
}

/** The sentence shown when the session cannot be kept in the keychain. */
export const KEYCHAIN_UNAVAILABLE_REASON =
  'The system keychain is not available, so your sign-in is kept in memory only and you will need to sign in again next time the app starts.';

class KeychainTimeout extends Error {
  constructor(ms: number) {
    super(`The keychain did not answer within ${ms} ms`);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new KeychainTimeout(ms)), ms);
    timer.unref?.();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * Uses the OS keychain while it answers; when it does not (no Secret Service, locked, headless,
 * timeout) switches to memory for the rest of the run, reports why once, and never writes to disk.
 */
export class ResilientSecretStore implements SecretStore {
  private readonly memory = new MemorySecretStore();
  private failure: string | null;
  private readonly timeoutMs: number;
  private announced = false;

  constructor(
    private readonly primary: SecretStore | null,
    private readonly options: ResilientSecretStoreOptions = {},
    /** Why there is no keychain at all (when `primary` is null). */
    unavailableReason?: string,
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.failure = primary ? null : (unavailableReason ?? 'no keychain');
  }

  /** Whether sessions survive a restart, with the user-facing reason when not. */
  storageInfo(): SessionStorageInfo {
    return this.failure === null ? { persistent: true } : { persistent: false, reason: KEYCHAIN_UNAVAILABLE_REASON };
  }

  /** The technical reason the keychain is not used (for the log), or null. */
  get failureDetail(): string | null {
    return this.failure;
  }

  /** Checks once that the keychain answers (a read of a probe entry), switching to memory (and saying so) if not. */
  async probe(): Promise<SessionStorageInfo> {
    if (this.primary && this.failure === null) {
      try {
        await withTimeout(this.primary.get('rms-console-probe'), this.timeoutMs);
      } catch (err) {
        this.fail(err);
      }
    }
    this.announceIfUnavailable();
    return this.storageInfo();
  }

  /** Announces the fallback when the store started without a keychain. */
  announceIfUnavailable(): void {
    if (this.failure !== null && !this.announced) {
      this.announced = true;
      this.options.onUnavailable?.(KEYCHAIN_UNAVAILABLE_REASON);
    }
  }

  private fail(err: unknown): void {
    if (this.failure !== null) return;
    this.failure = err instanceof Error ? err.message : String(err);
    this.announceIfUnavailable();
  }

  /** {@inheritDoc SecretStore.get} */
  async get(account: string): Promise<string | null> {
    if (this.primary && this.failure === null) {
      try {
        return await withTimeout(this.primary.get(account), this.timeoutMs);
      } catch (err) {
        this.fail(err);
      }
    }
    return this.memory.get(account);
  }

  /** {@inheritDoc SecretStore.set} */
  async set(account: string, secret: string): Promise<void> {
    if (this.primary && this.failure === null) {
      try {
        await withTimeout(this.primary.set(account, secret), this.timeoutMs);
        return;
      } catch (err) {
        this.fail(err);
      }
    }
    await this.memory.set(account, secret);
  }

  /** {@inheritDoc SecretStore.delete} */
  async delete(account: string): Promise<void> {
    await this.memory.delete(account);
    if (this.primary && this.failure === null) {
      try {
        await withTimeout(this.primary.delete(account), this.timeoutMs);
      } catch (err) {
        this.fail(err);
      }
    }
  }
}

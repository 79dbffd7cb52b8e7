import { KeyedQueue } from './keyed-queue.js';
import type { SecretStore } from './secret-store.js';
import { SECRET_SERVICE_NAME } from './secret-store.js';

/** The three keytar functions the store uses. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** Loads the keytar native module; rejects when it cannot be loaded on this machine. */
export async function loadKeytar(): Promise<KeytarLike> {
  const mod = (await import('keytar')) as unknown as { default?: KeytarLike } & KeytarLike;
  return mod.default ?? mod;
}

/** The OS keychain through keytar (macOS Keychain, Windows Credential Manager, Secret Service), queued per account. */
export class KeytarSecretStore implements SecretStore {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly keytar: KeytarLike,
    private readonly service: string = SECRET_SERVICE_NAME,
  ) {}

  /** {@inheritDoc SecretStore.get} */
  get(account: string): Promise<string | null> {
    return this.queue.run(account, () => this.keytar.getPassword(this.service, account));
  }

  /** {@inheritDoc SecretStore.set} */
  set(account: string, secret: string): Promise<void> {
    return this.queue.run(account, () => this.keytar.setPassword(this.service, account, secret));
  }

  /** {@inheritDoc SecretStore.delete} */
  delete(account: string): Promise<void> {
    return this.queue.run(account, async () => {
      await this.keytar.deletePassword(this.service, account);
    });
  }
}

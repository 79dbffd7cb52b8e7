import type { SecretStore } from './secret-store.js';

/** Keeps secrets in this process's memory only: they are gone when the app quits. */
export class MemorySecretStore implements SecretStore {
  private readonly entries = new Map<string, string>();

  /** {@inheritDoc SecretStore.get} */
  async get(account: string): Promise<string | null> {
    return this.entries.get(account) ?? null;
  }

  /** {@inheritDoc SecretStore.set} */
  async set(account: string, secret: string): Promise<void> {
    this.entries.set(account, secret);
  }

  /** {@inheritDoc SecretStore.delete} */
  async delete(account: string): Promise<void> {
    this.entries.delete(account);
  }
}

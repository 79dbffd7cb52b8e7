import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeytarSecretStore, loadKeytar } from './keytar-secret-store.js';
import { MemorySecretStore } from './memory-secret-store.js';
import { KEYCHAIN_UNAVAILABLE_REASON, ResilientSecretStore } from './resilient-secret-store.js';
import type { SecretStore } from './secret-store.js';
import { KEYCHAIN_SKIP_REASON, keychainAvailable } from '../test-support/secret-service.js';
import { secretAccount } from './secret-store.js';

const hasKeyring = keychainAvailable();
if (!hasKeyring) {
  console.warn(`KeytarSecretStore tests skipped: ${KEYCHAIN_SKIP_REASON}.`);
}

describe.skipIf(!hasKeyring)('KeytarSecretStore against the real OS keychain', () => {
  const service = `RMS Console test ${randomBytes(4).toString('hex')}`;

  it('stores, reads, replaces and deletes an entry per origin + user', async () => {
    const store = new KeytarSecretStore(await loadKeytar(), service);
    const account = secretAccount('https://rms.example.com', 'Tech@Example.com');
    expect(account).toBe('https://rms.example.com|tech@example.com');
    const other = secretAccount('http://127.0.0.1:8787', 'tech@example.com');
    await store.set(account, 'refresh-1');
    await store.set(other, 'refresh-other');
    expect(await store.get(account)).toBe('refresh-1');
    await store.set(account, 'refresh-2');
    expect(await store.get(account)).toBe('refresh-2');
    expect(await store.get(other)).toBe('refresh-other');
    await store.delete(account);
    await store.delete(other);
    expect(await store.get(account)).toBeNull();
    expect(await store.get(other)).toBeNull();
    await store.delete(account); // deleting again is fine
  });

  it('queues operations per key, so the last write wins', async () => {
    const store = new KeytarSecretStore(await loadKeytar(), service);
    const account = secretAccount('https://rms.example.com', 'queue@example.com');
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.set(account, `value-${i}`)));
    expect(await store.get(account)).toBe('value-7');
    await store.delete(account);
  });

  it('the resilient wrapper keeps using the keychain while it answers', async () => {
    const notices: string[] = [];
    const store = new ResilientSecretStore(new KeytarSecretStore(await loadKeytar(), service), { onUnavailable: (r) => notices.push(r) });
    expect(await store.probe()).toEqual({ persistent: true });
    const account = secretAccount('https://rms.example.com', 'wrapped@example.com');
    await store.set(account, 'persisted');
    expect(await new KeytarSecretStore(await loadKeytar(), service).get(account)).toBe('persisted');
    await store.delete(account);
    expect(notices).toEqual([]);
  });
});

describe('ResilientSecretStore fallback', () => {
  const broken: SecretStore = {
    get: () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided by any .service files')),
    set: () => Promise.reject(new Error('no keychain')),
    delete: () => Promise.reject(new Error('no keychain')),
  };
  const hanging: SecretStore = {
    get: () => new Promise(() => undefined),
    set: () => new Promise(() => undefined),
    delete: () => new Promise(() => undefined),
  };

  it('falls back to memory when the keychain fails, and says so once', async () => {
    const notices: string[] = [];
    const store = new ResilientSecretStore(broken, { onUnavailable: (r) => notices.push(r) });
    await store.set('o|a', 'token-a');
    await store.set('o|b', 'token-b');
    expect(await store.get('o|a')).toBe('token-a');
    expect(store.storageInfo()).toEqual({ persistent: false, reason: KEYCHAIN_UNAVAILABLE_REASON });
    expect(notices).toEqual([KEYCHAIN_UNAVAILABLE_REASON]);
    await store.delete('o|a');
    expect(await store.get('o|a')).toBeNull();
  });

  it('treats a keychain that does not answer (locked, prompting) as unavailable', async () => {
    const notices: string[] = [];
    const store = new ResilientSecretStore(hanging, { timeoutMs: 50, onUnavailable: (r) => notices.push(r) });
    expect(await store.probe()).toMatchObject({ persistent: false });
    await store.set('o|a', 'kept-in-memory');
    expect(await store.get('o|a')).toBe('kept-in-memory');
    expect(notices).toHaveLength(1);
  });

  it('with no keychain at all, reports memory-only storage', async () => {
    const notices: string[] = [];
    const store = new ResilientSecretStore(null, { onUnavailable: (r) => notices.push(r) }, 'disabled');
    expect(store.storageInfo().persistent).toBe(false);
    expect(notices).toHaveLength(0);
    await store.probe();
    store.announceIfUnavailable();
    expect(notices).toEqual([KEYCHAIN_UNAVAILABLE_REASON]);
  });

  it('the memory store forgets on delete', async () => {
    const memory = new MemorySecretStore();
    await memory.set('x', 'y');
    await memory.delete('x');
    expect(await memory.get('x')).toBeNull();
  });
});

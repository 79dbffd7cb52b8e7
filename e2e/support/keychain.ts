import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The keychain service name the app stores refresh tokens under (docs/two-factor.md#secrets). */
export const KEYCHAIN_SERVICE = 'RMS Console';

/** The keychain account of a user on a backend, as docs/two-factor.md#secrets says: one entry per backend origin + user. */
export function keychainAccount(backendUrl: string, email: string): string {
  return `${new URL(backendUrl).origin}|${email.toLowerCase()}`;
}

/**
 * Reads the refresh token of `email` on `backendUrl` straight from the Secret Service
 * (gnome-keyring under scripts/with-keyring.sh) with `secret-tool`, independently of the app's
 * own keytar code. Returns null when there is no such entry.
 */
export async function refreshTokenInKeychain(backendUrl: string, email: string): Promise<string | null> {
  try {
    const { stdout } = await run('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'account', keychainAccount(backendUrl, email)], { timeout: 10_000 });
    return stdout.length > 0 ? stdout.replace(/\n$/, '') : null;
  } catch (error) {
    if ((error as { code?: number }).code === 1) return null; // secret-tool exits 1 when nothing matches
    throw error;
  }
}

/** True when a Secret Service answers on the session bus (the suite runs under scripts/with-keyring.sh). */
export async function keychainAvailable(): Promise<boolean> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false;
  try {
    await run('secret-tool', ['search', 'service', KEYCHAIN_SERVICE], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

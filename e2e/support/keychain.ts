import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The keychain service name the app stores refresh tokens under (SPEC §6). */
export const KEYCHAIN_SERVICE = 'RMS Console';

/** One keychain entry as `secret-tool search` prints it. */
export interface KeychainEntry {
  account: string;
  secret: string;
}

/**
 * Reads the real Secret Service (gnome-keyring under scripts/with-keyring.sh) with `secret-tool`,
 * independently of the app's own keytar code. Returns every "RMS Console" entry.
 */
export async function keychainEntries(): Promise<KeychainEntry[]> {
  let stdout = '';
  try {
    ({ stdout } = await run('secret-tool', ['search', '--all', '--unlock', 'service', KEYCHAIN_SERVICE], { timeout: 10_000 }));
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === 1) return []; // secret-tool exits 1 when nothing matches
    throw error;
  }
  const entries: KeychainEntry[] = [];
  let current: Partial<KeychainEntry> | null = null;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('[')) {
      if (current?.account !== undefined && current.secret !== undefined) entries.push(current as KeychainEntry);
      current = {};
      continue;
    }
    const match = /^(\S+) = (.*)$/.exec(line);
    if (!match || !current) continue;
    if (match[1] === 'secret') current.secret = match[2];
    if (match[1] === 'attribute.account') current.account = match[2];
  }
  if (current?.account !== undefined && current.secret !== undefined) entries.push(current as KeychainEntry);
  return entries;
}

/** The refresh token stored for `email` (on any backend origin), or null. */
export async function refreshTokenInKeychain(email: string): Promise<string | null> {
  const suffix = `|${email.toLowerCase()}`;
  return (await keychainEntries()).find((e) => e.account.endsWith(suffix))?.secret ?? null;
}

/** True when a Secret Service answers on the session bus (the suite runs under scripts/with-keyring.sh). */
export async function keychainAvailable(): Promise<boolean> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false;
  try {
    await keychainEntries();
    return true;
  } catch {
    return false;
  }
}

import { execFileSync } from 'node:child_process';

/** True when an OS keychain should answer: on Linux, when a Secret Service is on the session bus. */
export function keychainAvailable(): boolean {
  if (process.platform !== 'linux') return true;
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false;
  try {
    const names = execFileSync('dbus-send', ['--session', '--dest=org.freedesktop.DBus', '--type=method_call', '--print-reply', '/org/freedesktop/DBus', 'org.freedesktop.DBus.ListNames'], {
      encoding: 'utf8',
      timeout: 5_000,
    });
    return names.includes('"org.freedesktop.secrets"');
  } catch {
    return false;
  }
}

/** Why keychain tests are skipped, printed once per file. */
export const KEYCHAIN_SKIP_REASON = 'no Secret Service on the session bus; run under scripts/with-keyring.sh to include these tests';

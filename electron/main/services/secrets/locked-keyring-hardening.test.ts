// Fault: the OS keychain is there but its collection is LOCKED (a real gnome-keyring on a private
// D-Bus session bus, locked through the Secret Service API). The app must keep working with the
// session in memory and say so. Absent / failing / hanging keychains: secret-stores.test.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, AppNotice, AuthState } from '@rms/shared';
import { seedCompany, seedUser } from '@rms/test-kit/seed';
import { startTestServer } from '@rms/test-kit/test-server';
import type { TestServer } from '@rms/test-kit/test-server';
import { KEYCHAIN_UNAVAILABLE_REASON } from './resilient-secret-store.js';
import { startServicesHarness, WireSecrets } from '../test-support/services-harness.js';
import type { ServicesHarness } from '../test-support/services-harness.js';

const TOOLS = ['dbus-daemon', 'gnome-keyring-daemon', 'dbus-send'];
const missing = process.platform !== 'linux' ? 'Linux only (gnome-keyring)' : TOOLS.find((tool) => spawnSync('which', [tool]).status !== 0);
const skipReason = missing ? (missing.includes(' ') ? missing : `${missing} is not installed`) : null;
if (skipReason) console.warn(`Locked-keyring test skipped: ${skipReason}.`);

/** A session bus that activates nothing (no service folders), so no prompter or keyring starts by itself. */
const BUS_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`;

let home = '';
let busPid = 0;
let previousBus: string | undefined;
let t: TestServer;
let h: ServicesHarness;
const wire = new WireSecrets();

function onBus(address: string, args: string[]): string {
  return execFileSync('dbus-send', ['--session', '--print-reply', ...args], { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address }, encoding: 'utf8', timeout: 5_000 });
}

/** Starts a private bus with an unlocked gnome-keyring, then locks its login collection. Returns the bus address. */
function startLockedKeyring(): string {
  home = mkdtempSync(path.join(tmpdir(), 'rms-locked-keyring-'));
  writeFileSync(path.join(home, 'bus.conf'), BUS_CONFIG);
  const [address, pid] = execFileSync('dbus-daemon', [`--config-file=${path.join(home, 'bus.conf')}`, '--fork', '--print-address=1', '--print-pid=1'], { encoding: 'utf8', timeout: 10_000 })
    .trim()
    .split('\n');
  busPid = Number(pid);
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address!, XDG_DATA_HOME: path.join(home, 'data'), XDG_RUNTIME_DIR: home, HOME: home };
  execFileSync('mkdir', ['-p', path.join(home, 'data', 'keyrings')]);
  // The password on stdin creates and unlocks the "login" collection; the daemon lives as long as the bus.
  execFileSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { env, input: 'rms-hardening', timeout: 10_000 });
  for (let i = 0; i < 100; i += 1) {
    if (onBus(address!, ['--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.ListNames']).includes('"org.freedesktop.secrets"')) break;
    execFileSync('sleep', ['0.1']);
  }
  const locked = onBus(address!, [
    '--dest=org.freedesktop.secrets',
    '/org/freedesktop/secrets',
    'org.freedesktop.Secret.Service.Lock',
    'array:objpath:/org/freedesktop/secrets/collection/login',
  ]);
  expect(locked).toContain('/org/freedesktop/secrets/collection/login');
  return address!;
}

beforeAll(async () => {
  if (skipReason) return;
  previousBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  // keytar (libsecret) connects to the session bus of this test process on first use: point it at ours.
  process.env.DBUS_SESSION_BUS_ADDRESS = startLockedKeyring();
  t = await startTestServer();
  h = await startServicesHarness(t, { secretStore: 'keytar', wire });
}, 60_000);

afterAll(async () => {
  if (busPid) {
    try {
      process.kill(busPid, 'SIGTERM'); // the keyring daemon exits with its bus
    } catch {
      // already gone
    }
  }
  if (previousBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = previousBus;
  await t?.close();
  if (h) rmSync(h.dataDir, { recursive: true, force: true });
  if (home) rmSync(home, { recursive: true, force: true });
});

describe.skipIf(skipReason !== null)('fault: the OS keychain is locked', () => {
  it('signs in anyway, keeps the session in memory, and says so (AppInfo.storage + one app:notice)', async () => {
    const company = await seedCompany(t);
    const user = await seedUser(t, company.id);
    const state = await h.ok<AuthState>('auth:signIn', { email: user.email, password: user.password });
    expect(state).toMatchObject({ kind: 'signed_in', me: { user: { email: user.email } } });
    // The keychain refused the write ("Cannot create an item in a locked collection"): memory it is.
    const info = await h.ok<AppInfo>('app:getInfo');
    expect(info.storage).toEqual({ persistent: false, reason: KEYCHAIN_UNAVAILABLE_REASON });
    const notices = h.events.filter((e) => e.event === 'app:notice').map((e) => e.payload as AppNotice);
    expect(notices).toEqual([{ level: 'warning', code: 'keychain_unavailable', message: KEYCHAIN_UNAVAILABLE_REASON }]);
    // The app keeps working on the in-memory session, and the refresh (which needs the stored token) works too.
    expect(await h.ok('account:getMe')).toMatchObject({ user: { email: user.email } });
    t.clock.advance(16 * 60_000); // past the access token's life: the next call must refresh from memory
    expect(await h.ok('account:getMe')).toMatchObject({ user: { email: user.email } });
    expect(h.events.filter((e) => e.event === 'app:notice')).toHaveLength(1); // said once, not on every call
    // Nothing went to disk instead.
    expect(wire.values.size).toBeGreaterThan(0);
    for (const file of readdirSync(h.dataDir)) {
      const text = readFileSync(path.join(h.dataDir, file), 'utf8');
      for (const secret of wire.values) expect(text.includes(secret), `a token was written to ${file}`).toBe(false);
    }
  });
});

import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSandboxFacts, sandboxBlockedMessage } from './linux-sandbox.mjs';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A fake system: /proc's AppArmor switch, /etc/apparmor.d and an Electron install with its chrome-sandbox. */
function system(options: { restrict: string | null; profiles?: Record<string, string> }) {
  const root = mkdtempSync(path.join(tmpdir(), 'rms-sandbox-'));
  roots.push(root);
  if (options.restrict !== null) {
    mkdirSync(path.join(root, 'proc/sys/kernel'), { recursive: true });
    writeFileSync(path.join(root, 'proc/sys/kernel/apparmor_restrict_unprivileged_userns'), `${options.restrict}\n`);
  }
  mkdirSync(path.join(root, 'etc/apparmor.d'), { recursive: true });
  for (const [name, text] of Object.entries(options.profiles ?? {})) writeFileSync(path.join(root, 'etc/apparmor.d', name), text);
  const dist = path.join(root, 'repo/node_modules/electron/dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(path.join(dist, 'electron'), '');
  writeFileSync(path.join(dist, 'chrome-sandbox'), '');
  chmodSync(path.join(dist, 'chrome-sandbox'), 0o755);
  const electron = path.join(dist, 'electron');
  const facts = () => readSandboxFacts(electron, { platform: 'linux', procRoot: path.join(root, 'proc'), apparmorDir: path.join(root, 'etc/apparmor.d') });
  const addProfile = (name: string, text: string) => writeFileSync(path.join(root, 'etc/apparmor.d', name), text);
  return { electron, facts, addProfile };
}

describe('npm start and the Linux sandbox', () => {
  it('detects the AppArmor user-namespace restriction and says both ways to run with the sandbox', () => {
    const { electron, facts } = system({ restrict: '1' });
    const message = sandboxBlockedMessage(facts());
    expect(message).toContain('kernel.apparmor_restrict_unprivileged_userns = 1');
    expect(message).toContain('RMS Console never runs without its sandbox.');
    expect(message).toContain(`flags=(unconfined) {\\n  userns,\\n}\\n' '${electron}' | sudo tee /etc/apparmor.d/rms-console-dev`);
    expect(message).toContain('sudo apparmor_parser -r /etc/apparmor.d/rms-console-dev');
    expect(message).toContain(`sudo chown root:root '${path.join(path.dirname(electron), 'chrome-sandbox')}' && sudo chmod 4755`);
    expect(message).not.toMatch(/--no-sandbox|disable-sandbox/);
  });

  it('says nothing where the sandbox can start', () => {
    expect(sandboxBlockedMessage(system({ restrict: null }).facts())).toBeNull();
    expect(sandboxBlockedMessage(system({ restrict: '0' }).facts())).toBeNull();
    const profiled = system({ restrict: '1' });
    profiled.addProfile('other-app', 'profile other "/opt/Other/other" flags=(unconfined) { userns, }');
    expect(sandboxBlockedMessage(profiled.facts())).not.toBeNull(); // a profile for another binary does not count
    profiled.addProfile('rms-console-dev', `profile rms-console-dev "${profiled.electron}" flags=(unconfined) { userns, }`);
    expect(sandboxBlockedMessage(profiled.facts())).toBeNull();
    const helper = { ...system({ restrict: '1' }).facts(), sandboxHelper: { uid: 0, mode: 0o4755 } };
    expect(sandboxBlockedMessage(helper)).toBeNull();
    expect(sandboxBlockedMessage({ ...helper, sandboxHelper: { uid: 1000, mode: 0o4755 } })).not.toBeNull();
    expect(sandboxBlockedMessage({ ...system({ restrict: '1' }).facts(), platform: 'darwin' })).toBeNull();
  });
});

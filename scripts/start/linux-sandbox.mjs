// @ts-check
// Why Electron's sandbox cannot start under `npm start` on this Linux machine, and what to do.
// Ubuntu 24.04+ sets kernel.apparmor_restrict_unprivileged_userns=1: an unprivileged program may
// not create the user namespaces Chromium's sandbox needs, so Electron aborts at start
// ("The SUID sandbox helper binary was found, but is not configured correctly").
// It starts when an AppArmor profile lets the binary create them, or when the setuid sandbox
// helper (chrome-sandbox) is owned by root with mode 4755. The sandbox is never turned off.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {object} SandboxFacts
 * @property {NodeJS.Platform} platform
 * @property {string | null} restrictUserns contents of /proc/sys/kernel/apparmor_restrict_unprivileged_userns (trimmed), null when absent
 * @property {{ uid: number; mode: number } | null} sandboxHelper owner and mode of chrome-sandbox next to the Electron binary, null when absent
 * @property {boolean} profileAllowsBinary whether a profile in /etc/apparmor.d names the Electron binary
 * @property {string} electronBinary the Electron binary npm start runs
 */

/**
 * Reads the facts from the system (roots are parameters so a test can point them at a folder).
 * @param {string} electronBinary
 * @param {{ platform?: NodeJS.Platform; procRoot?: string; apparmorDir?: string }} [where]
 * @returns {SandboxFacts}
 */
export function readSandboxFacts(electronBinary, where = {}) {
  const platform = where.platform ?? process.platform;
  const procRoot = where.procRoot ?? '/proc';
  const apparmorDir = where.apparmorDir ?? '/etc/apparmor.d';
  let restrictUserns = null;
  try {
    restrictUserns = readFileSync(path.join(procRoot, 'sys/kernel/apparmor_restrict_unprivileged_userns'), 'utf8').trim();
  } catch {
    restrictUserns = null;
  }
  let sandboxHelper = null;
  try {
    const stat = statSync(path.join(path.dirname(electronBinary), 'chrome-sandbox'));
    sandboxHelper = { uid: stat.uid, mode: stat.mode & 0o7777 };
  } catch {
    sandboxHelper = null;
  }
  let profileAllowsBinary = false;
  try {
    for (const name of readdirSync(apparmorDir)) {
      try {
        if (readFileSync(path.join(apparmorDir, name), 'utf8').includes(electronBinary)) profileAllowsBinary = true;
      } catch {
        // a folder or an unreadable file
      }
    }
  } catch {
    profileAllowsBinary = false;
  }
  return { platform, restrictUserns, sandboxHelper, profileAllowsBinary, electronBinary };
}

/**
 * What to tell the person when the sandbox cannot start, or null when it can.
 * @param {SandboxFacts} facts
 * @returns {string | null}
 */
export function sandboxBlockedMessage(facts) {
  if (facts.platform !== 'linux' || facts.restrictUserns !== '1') return null;
  if (facts.sandboxHelper && facts.sandboxHelper.uid === 0 && facts.sandboxHelper.mode === 0o4755) return null;
  if (facts.profileAllowsBinary) return null;
  const helper = path.join(path.dirname(facts.electronBinary), 'chrome-sandbox');
  return [
    'This system blocks the user namespaces Electron\'s sandbox needs (AppArmor: kernel.apparmor_restrict_unprivileged_userns = 1,',
    'the default since Ubuntu 24.04), so Electron would abort at start. RMS Console never runs without its sandbox.',
    'To run the Electron app, do one of these once (both need sudo), then run npm start again:',
    '  1. Let this Electron binary create user namespaces with an AppArmor profile:',
    `       printf 'abi <abi/4.0>,\\ninclude <tunables/global>\\nprofile rms-console-dev "%s" flags=(unconfined) {\\n  userns,\\n}\\n' '${facts.electronBinary}' | sudo tee /etc/apparmor.d/rms-console-dev`,
    '       sudo apparmor_parser -r /etc/apparmor.d/rms-console-dev',
    '  2. Or let Electron use its setuid sandbox helper:',
    `       sudo chown root:root '${helper}' && sudo chmod 4755 '${helper}'`,
    '(npm install replaces node_modules/electron: option 1 survives it, option 2 must be repeated.)',
  ].join('\n');
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (e2e/ lives directly under it). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Which app the specs drive: the browser host (real renderer + real main services) or Electron. */
export type Target = 'browser' | 'electron';

/** The Debian Chromium the suite uses (never a downloaded browser); E2E_CHROMIUM overrides it. */
export const CHROMIUM_PATH = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Chromium flags for a closed, shared CI machine (no sandbox in containers, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The built renderer the browser host serves (`npm run build`). */
export const BUILT_RENDERER = path.join(REPO_ROOT, 'out/renderer/index.html');

/** The built Electron main process entry (`npm run build`). */
export const BUILT_MAIN = path.join(REPO_ROOT, 'out/main/index.js');

/** The targets QA can pick with E2E_TARGET (unset: every target; Electron skips where it is not installed). */
export function selectedTargets(env: NodeJS.ProcessEnv = process.env): Target[] {
  const value = env.E2E_TARGET?.trim();
  if (!value) return ['browser', 'electron'];
  if (value === 'browser' || value === 'electron') return [value];
  throw new Error(`E2E_TARGET must be "browser" or "electron", not "${value}".`);
}

/** The Electron binary installed in node_modules, or null (the electron package writes path.txt once its binary is downloaded). */
export function electronBinary(): string | null {
  const pkg = path.join(REPO_ROOT, 'node_modules/electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Why the Electron target cannot run here, in one line, or null when it can. */
export function electronUnavailableReason(): string | null {
  if (!electronBinary()) return 'Electron target skipped: the Electron binary is not installed (node_modules/electron/dist is missing).';
  if (!existsSync(BUILT_MAIN)) return 'Electron target skipped: out/main/index.js is missing (run npm run build).';
  return null;
}

/** A staging backend QA points the suite at instead of a local one. */
export interface StagingBackend {
  kind: 'staging';
  url: string;
  admin: { email: string; password: string; totpSecret: string | null };
}

/** The staging backend from E2E_BACKEND_URL + E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD (+ E2E_ADMIN_TOTP_SECRET), or null. */
export function stagingBackend(env: NodeJS.ProcessEnv = process.env): StagingBackend | null {
  const url = env.E2E_BACKEND_URL?.trim();
  if (!url) return null;
  const email = env.E2E_ADMIN_EMAIL?.trim();
  const password = env.E2E_ADMIN_PASSWORD;
  if (!email || !password) throw new Error('E2E_BACKEND_URL needs E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD (an administrator of the staging company).');
  return { kind: 'staging', url: url.replace(/\/+$/, ''), admin: { email, password, totpSecret: env.E2E_ADMIN_TOTP_SECRET?.trim() || null } };
}

/** The reason a spec skips when it needs something only a local backend offers. */
export const NEEDS_LOCAL_BACKEND = 'needs a local backend (seeding, SMTP inbox): not available against E2E_BACKEND_URL';

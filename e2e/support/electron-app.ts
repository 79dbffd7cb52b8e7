import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { _electron } from '@playwright/test';
import type { AppSession, LaunchOptions } from './app-session.js';
import { electronBinary, REPO_ROOT } from './environment.js';

/**
 * Launches the built Electron app from the repository root (package.json "main" points at
 * out/main/index.js; launching the root, not that file, makes app.name and app.getVersion() the
 * app's own) with RMS_BACKEND_URL and its own --user-data-dir. "No keychain" points the Secret Service client at a bus that does not exist,
 * so keytar fails and the app falls back to memory, as on a laptop without an unlocked keyring.
 */
export async function launchElectronApp(options: LaunchOptions): Promise<AppSession> {
  const executablePath = electronBinary();
  if (!executablePath) throw new Error('The Electron binary is not installed.');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  if (options.backendUrl) env.RMS_BACKEND_URL = options.backendUrl;
  else delete env.RMS_BACKEND_URL;
  if (options.keychain === 'none') env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/rms-e2e-no-keychain';
  const app = await _electron.launch({
    executablePath,
    args: [REPO_ROOT, `--user-data-dir=${options.dataDir}`, '--no-sandbox', '--disable-gpu'],
    env,
  });
  const log: string[] = [];
  app.process().stderr?.on('data', (chunk: Buffer) => log.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const identity = await app.evaluate(({ app: electronApp }) => ({ name: electronApp.getName(), version: electronApp.getVersion() }));
  const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { productName: string; version: string };
  if (identity.name !== pkg.productName || identity.version !== pkg.version) {
    await app.close();
    throw new Error(`The Electron target runs as ${identity.name} ${identity.version}, not ${pkg.productName} ${pkg.version}: launch the repository root, not a script file.`);
  }
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  let saveCount = 0;
  return {
    target: 'electron',
    page,
    dataDir: options.dataDir,
    mainLog: () => [...log],
    async captureSavedFile(action) {
      const filePath = path.join(path.dirname(options.dataDir), `saved-${++saveCount}.txt`);
      await app.evaluate(({ dialog }, target) => {
        dialog.showSaveDialog = (async () => ({ canceled: false, filePath: target })) as typeof dialog.showSaveDialog;
      }, filePath);
      await action();
      for (let i = 0; i < 100 && !existsSync(filePath); i += 1) await new Promise((r) => setTimeout(r, 100));
      return { fileName: path.basename(filePath), contents: await readFile(filePath, 'utf8') };
    },
    async close() {
      await app.close();
    },
  };
}

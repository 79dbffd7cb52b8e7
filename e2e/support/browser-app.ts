import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { startBrowserHost } from '../../electron/browser-host/browser-host.js';
import { createSilentLogger } from '../../electron/main/services/logging/logger.js';
import type { AppSession, LaunchOptions } from './app-session.js';

/**
 * Launches the app on the browser target: the browser host (the same createMainServices as the
 * Electron main process, the real built renderer) plus a fresh Chromium context on its URL.
 * `onPage` sees the page before its first navigation (to watch it for errors).
 */
export async function launchBrowserApp(browser: Browser, options: LaunchOptions, onPage: (page: Page) => void = () => {}): Promise<AppSession> {
  const log: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  const host = await startBrowserHost({
    ...(options.backendUrl ? { backendUrl: options.backendUrl } : {}),
    dataDir: options.dataDir,
    secretStore: options.keychain === 'os' ? 'keytar' : 'none',
    ...(options.sessionCheckMs ? { sessionCheckMs: options.sessionCheckMs } : {}),
    logger: createSilentLogger(log),
  });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1180, height: 900 } });
  const page = await context.newPage();
  onPage(page);
  try {
    await page.goto(host.url);
  } catch (error) {
    await context.close();
    await host.close();
    throw error;
  }
  return {
    target: 'browser',
    page,
    dataDir: options.dataDir,
    mainLog: () => log.map((e) => `${e.level} ${e.message}${e.details ? ` ${JSON.stringify(e.details)}` : ''}`),
    async captureSavedFile(action) {
      const [download] = await Promise.all([page.waitForEvent('download'), action()]);
      const filePath = await download.path();
      return { fileName: download.suggestedFilename(), contents: await readFile(filePath, 'utf8') };
    },
    async close() {
      await context.close();
      await host.close();
    },
  };
}

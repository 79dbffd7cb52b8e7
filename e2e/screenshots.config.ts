import { defineConfig } from '@playwright/test';
import type { SuiteTestOptions, SuiteWorkerOptions } from './fixtures/test.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/environment.js';

/**
 * Takes the screenshots in docs/screenshots/ (`npm run screenshots`): the same fixtures as the
 * suites (real backend, SMTP inbox, browser host, Debian Chromium), one worker, the browser target
 * only, no keychain (so the "Session not saved" banner shows, as in every screenshot). A file in
 * screenshots/ drives the app to a screen and calls `shoot(page, name)`.
 */
export default defineConfig<SuiteTestOptions, SuiteWorkerOptions>({
  testDir: './screenshots',
  testMatch: '**/*.shots.ts',
  outputDir: '../test-results/screenshots',
  globalSetup: './global-setup.ts',
  workers: 1,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    keychain: 'none',
  },
  projects: [{ name: 'browser', use: { target: 'browser' } }],
});

import { defineConfig } from '@playwright/test';
import type { SuiteTestOptions, SuiteWorkerOptions } from './fixtures/test.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, selectedTargets } from './support/environment.js';

const ci = Boolean(process.env.CI);

/**
 * The RMS Console end-to-end suites. One set of specs, two targets (projects): `browser` (the
 * browser host: real renderer + real main-process services, in Debian Chromium) and `electron`
 * (the built app via _electron.launch; skipped with a one-line reason where Electron is not
 * installed). Pick one with E2E_TARGET=browser|electron or `--project`.
 */
export default defineConfig<SuiteTestOptions, SuiteWorkerOptions>({
  testDir: './specs',
  outputDir: '../test-results',
  globalSetup: './global-setup.ts',
  fullyParallel: true,
  forbidOnly: ci,
  retries: 0,
  workers: ci ? 2 : undefined,
  // Codes come from a real 30-second clock: a test may wait for the next step a few times.
  timeout: 240_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { outputFolder: '../playwright-report', open: 'never' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: selectedTargets().map((target) => ({ name: target, use: { target } })),
});

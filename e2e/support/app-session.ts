import type { Page } from '@playwright/test';
import type { Target } from './environment.js';

/** Whether the app gets the OS keychain (the real unlocked gnome-keyring) or none at all. */
export type KeychainMode = 'os' | 'none';

/** What launching the app needs. */
export interface LaunchOptions {
  /** The backend the app is fixed to (RMS_BACKEND_URL); null starts on the first-run Connect screen. */
  backendUrl: string | null;
  /** The app's own data folder (settings.json lives there). */
  dataDir: string;
  keychain: KeychainMode;
  /** How often the signed-in app checks its session with the server (default: the app's minute; browser target only). */
  sessionCheckMs?: number;
}

/** A running app on either target, driven through its window's page. */
export interface AppSession {
  target: Target;
  page: Page;
  /** The app's data folder. */
  dataDir: string;
  /** Main-process log lines (attached to the test report on failure). */
  mainLog(): string[];
  /**
   * Runs `action` (a click on Download) and returns the text of the file it saved: a browser
   * download in the browser host; the native save dialog answered with a temp path in Electron.
   */
  captureSavedFile(action: () => Promise<void>): Promise<{ fileName: string; contents: string }>;
  close(): Promise<void>;
}

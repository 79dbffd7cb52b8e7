import type { WebContents } from 'electron';
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin.js';
import { mainWindowOptions } from './window-options.js';

/** Creates the main window with the secure options and loads the app page from app://rms. */
export async function createMainWindow(preloadPath: string, beforeLoad: (contents: WebContents) => void = () => {}): Promise<BrowserWindow> {
  const window = new BrowserWindow(mainWindowOptions(preloadPath, { devTools: process.env.RMS_DEVTOOLS === '1' }));
  window.once('ready-to-show', () => window.show());
  beforeLoad(window.webContents);
  await window.loadURL(APP_ENTRY_URL);
  return window;
}

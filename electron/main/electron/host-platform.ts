import path from 'node:path';
import type { BrowserWindow } from 'electron';
import { clipboard, dialog } from 'electron';
import { writePrivateTextFile } from '../services/files/private-text-file.js';
import type { HostPlatform } from '../services/ipc/handler-types.js';

/** Clipboard and the native save dialog for the Electron host. Files are written with mode 0600. */
export function createElectronPlatform(getWindow: () => BrowserWindow | null, defaultDir: () => string): HostPlatform {
  return {
    async copyText(text) {
      clipboard.writeText(text);
    },
    async saveTextFile({ suggestedName, contents }) {
      const win = getWindow();
      const options = {
        title: 'Save backup code',
        defaultPath: path.join(defaultDir(), suggestedName),
        filters: [{ name: 'Text files', extensions: ['txt'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[],
      };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return { saved: false, fileName: null };
      await writePrivateTextFile(result.filePath, contents);
      return { saved: true, fileName: path.basename(result.filePath) };
    },
  };
}

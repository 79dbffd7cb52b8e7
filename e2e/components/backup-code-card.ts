import type { Locator } from '@playwright/test';
import type { AppSession } from '../support/app-session.js';

/** A freshly created backup code with Copy, Download, Print and "The backup code has been saved". */
export class BackupCodeCard {
  /** The code as shown (XXXXX-XXXXX-XXXXX-XXXXX). */
  readonly code: Locator;
  readonly downloadButton: Locator;
  readonly savedCheckbox: Locator;
  /** "The backup code file was saved." after a download. */
  readonly fileStatus: Locator;

  constructor(
    scope: Locator,
    private readonly session: AppSession,
  ) {
    this.code = scope.getByTestId('backup-code');
    this.downloadButton = scope.getByRole('button', { name: 'Download' });
    this.savedCheckbox = scope.getByRole('checkbox', { name: 'The backup code has been saved' });
    this.fileStatus = scope.getByRole('status').filter({ hasText: /file/ });
  }

  /** Reads the backup code shown on screen. */
  async readCode(): Promise<string> {
    return (await this.code.innerText()).trim();
  }

  /** Clicks Download and returns the saved file (browser download, or Electron's save dialog). */
  async download(): Promise<{ fileName: string; contents: string }> {
    return this.session.captureSavedFile(() => this.downloadButton.click());
  }

  /** Ticks "The backup code has been saved". */
  async confirmSaved(): Promise<void> {
    await this.savedCheckbox.check();
  }
}

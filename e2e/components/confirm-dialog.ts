import type { Locator, Page } from '@playwright/test';

/** The modal confirmation dialog (e.g. "Reset two-factor authentication for X?"). */
export class ConfirmDialog {
  /** The dialog itself. */
  readonly dialog: Locator;

  constructor(page: Page) {
    this.dialog = page.getByRole('dialog');
  }

  /** Confirms with the dialog's action button (`label`, e.g. "Reset two-factor"). */
  async confirm(label: string | RegExp): Promise<void> {
    await this.dialog.getByRole('button', { name: label }).click();
  }

  /** Cancels the dialog. */
  async cancel(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Cancel' }).click();
  }
}

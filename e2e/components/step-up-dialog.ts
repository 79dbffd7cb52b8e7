import type { Locator, Page } from '@playwright/test';
import { CodeInput } from './code-input.js';

/** The step-up dialog of an administrator's action on someone else's 2FA: it asks for the admin's own code. */
export class StepUpDialog {
  /** The dialog itself. */
  readonly dialog: Locator;
  /** The administrator's code field. */
  readonly code: CodeInput;
  /** The dialog's error sentence (wrong code, clock hint, throttle...). */
  readonly error: Locator;

  constructor(page: Page) {
    this.dialog = page.getByRole('dialog');
    this.code = new CodeInput(this.dialog, 'Your verification code');
    this.error = this.dialog.getByRole('alert').filter({ hasText: /\S/ });
  }

  /** Types the administrator's code; its 6th digit confirms. */
  async confirmWithCode(code: string): Promise<void> {
    await this.code.type(code);
  }

  /** Cancels the dialog. */
  async cancel(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Cancel' }).click();
  }
}

import type { Locator, Page } from '@playwright/test';

/** "Sign in with your backup code": using it resets two-factor authentication. */
export class BackupCodePage {
  readonly heading: Locator;
  readonly backupCode: Locator;
  readonly submitButton: Locator;
  /** The warning that the backup code turns two-factor authentication off. */
  readonly resetWarning: Locator;
  readonly error: Locator;
  /** "Back to the verification code". */
  readonly backToCodeLink: Locator;

  constructor(page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Sign in with your backup code' });
    this.backupCode = page.getByRole('textbox', { name: 'Backup code' });
    this.submitButton = page.getByRole('button', { name: /backup code|Checking…/ });
    this.resetWarning = page.getByText('Using the backup code turns off two-factor authentication');
    this.error = page.getByRole('alert').filter({ hasText: /\S/ });
    this.backToCodeLink = page.getByRole('link', { name: 'Back to the verification code' });
  }

  /** Enters the backup code (as typed: any case, with or without dashes) and signs in. */
  async signInWithBackupCode(code: string): Promise<void> {
    await this.backupCode.fill(code);
    await this.submitButton.click();
  }
}

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
  /** The card for a temporary access code from an administrator. */
  readonly temporaryCodeCard: Locator;
  readonly temporaryCode: Locator;

  constructor(page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Sign in with your backup code' });
    this.backupCode = page.getByRole('textbox', { name: 'Backup code' });
    this.submitButton = page.getByRole('button', { name: /backup code|Checking…/ });
    this.resetWarning = page.getByText('Using the backup code turns off two-factor authentication');
    this.error = page.getByRole('alert').filter({ hasText: /\S/ });
    this.backToCodeLink = page.getByRole('link', { name: 'Back to the verification code' });
    this.temporaryCodeCard = page.getByRole('region', { name: 'Temporary access code from your administrator' });
    this.temporaryCode = page.getByRole('textbox', { name: 'Temporary access code' });
  }

  /** Enters the backup code (as typed: any case, with or without dashes) and signs in. */
  async signInWithBackupCode(code: string): Promise<void> {
    await this.backupCode.fill(code);
    await this.submitButton.click();
  }

  /** Enters a temporary access code an administrator gave (any case, dashes optional) and goes on. */
  async continueWithTemporaryCode(code: string): Promise<void> {
    await this.temporaryCode.fill(code);
    await this.temporaryCodeCard.getByRole('button', { name: 'Continue with temporary code' }).click();
  }
}

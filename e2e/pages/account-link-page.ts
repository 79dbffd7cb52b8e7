import type { Locator, Page } from '@playwright/test';

/** The one-time link in an email's text ("reset-password" or "not-me"); throws when there is none. */
export function accountLinkIn(text: string, kind: 'reset-password' | 'not-me'): string {
  const link = text.match(new RegExp(`https?://\\S+/account/${kind}/[A-Za-z0-9_-]{43}`))?.[0];
  if (!link) throw new Error(`No ${kind} link in the email:\n${text}`);
  return link;
}

/**
 * A page of the server that an emailed one-time link opens in the person's browser (not the app):
 * "Set a new password" or "This wasn't me".
 */
export class AccountLinkPage {
  readonly heading: Locator;
  readonly newPassword: Locator;
  readonly newPasswordAgain: Locator;
  readonly setPasswordButton: Locator;
  readonly lockButton: Locator;
  /** The form's refusal (weak password, two different passwords). */
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.newPassword = page.getByLabel('New password', { exact: true });
    this.newPasswordAgain = page.getByLabel('New password again');
    this.setPasswordButton = page.getByRole('button', { name: 'Set new password' });
    this.lockButton = page.getByRole('button', { name: "Yes, this wasn't me: lock my account" });
    this.error = page.getByRole('alert');
  }

  /** Opens the link as a browser does from a mail client. */
  async open(link: string): Promise<void> {
    await this.page.goto(link);
  }

  /** Types the new password twice and submits the form. */
  async setPassword(password: string, again = password): Promise<void> {
    await this.newPassword.fill(password);
    await this.newPasswordAgain.fill(again);
    await this.setPasswordButton.click();
  }
}

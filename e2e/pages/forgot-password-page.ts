import type { Locator, Page } from '@playwright/test';

/** "Forgot password?" in the app: the address to email a link to. */
export class ForgotPasswordPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly sendButton: Locator;
  /** "If the address has an account, we sent a link ..." */
  readonly sent: Locator;
  readonly backToSignIn: Locator;

  constructor(page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Forgot password?' });
    this.email = page.getByRole('textbox', { name: 'Email' });
    this.sendButton = page.getByRole('button', { name: /^(Email me a link|Sending)/ });
    this.sent = page.getByRole('status').filter({ hasText: /\S/ });
    this.backToSignIn = page.getByRole('link', { name: 'Back to sign in' });
  }

  /** Types the address and asks for the link. */
  async requestLink(email: string): Promise<void> {
    await this.email.fill(email);
    await this.sendButton.click();
  }
}

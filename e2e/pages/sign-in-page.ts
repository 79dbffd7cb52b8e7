import type { Locator, Page } from '@playwright/test';

/** Sign in with email and password. */
export class SignInPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly signInButton: Locator;
  /** The error sentence (wrong password, throttled, server unreachable...). */
  readonly error: Locator;
  readonly forgotPasswordLink: Locator;

  constructor(page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Sign in' });
    this.email = page.getByRole('textbox', { name: 'Email' });
    this.password = page.getByLabel('Password');
    this.signInButton = page.getByRole('button', { name: /^Sign(ing)? in/ });
    this.error = page.getByRole('alert').filter({ hasText: /\S/ });
    this.forgotPasswordLink = page.getByRole('link', { name: 'Forgot password?' });
  }

  /** Types email and password and presses Sign in. */
  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.signInButton.click();
  }
}

import type { Locator, Page } from '@playwright/test';
import { CodeInput } from '../components/code-input.js';

/** The sign-in's verification-code step, with "Don't know the code". */
export class CodePage {
  readonly heading: Locator;
  readonly code: CodeInput;
  readonly verifyButton: Locator;
  readonly dontKnowTheCodeLink: Locator;
  /** The error sentence (wrong code, clock skew, already used, too many attempts...). */
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Enter your verification code' });
    this.code = new CodeInput(page.getByRole('main'), 'Verification code');
    this.verifyButton = page.getByRole('button', { name: /^(Verify|Checking…)$/ });
    this.dontKnowTheCodeLink = page.getByRole('link', { name: "Don't know the code" });
    this.error = page.getByRole('alert').filter({ hasText: /\S/ });
  }

  /** Types the 6-digit code; the screen submits it on the 6th digit. */
  async enterCode(code: string): Promise<void> {
    await this.code.type(code);
  }

  /** Chooses "Don't know the code" (go to the backup code). */
  async chooseDontKnowTheCode(): Promise<void> {
    await this.dontKnowTheCodeLink.click();
  }

  /** Leaves the code step ("Sign in as someone else"). */
  async signInAsSomeoneElse(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign in as someone else' }).click();
  }
}

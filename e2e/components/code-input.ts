import type { Locator } from '@playwright/test';

/** The 6-digit code field: digits only, paste-friendly, submits by itself on the 6th digit. */
export class CodeInput {
  /** The text field. */
  readonly field: Locator;

  /** `scope` is the screen or panel holding the field; `label` its visible label. */
  constructor(scope: Locator, label: string | RegExp = /code/i) {
    this.field = scope.getByRole('textbox', { name: label });
  }

  /** Types a code digit by digit, as a person reading the phone would (the 6th digit submits). */
  async type(code: string): Promise<void> {
    await this.field.click();
    await this.field.clear();
    await this.field.pressSequentially(code);
  }

  /** Pastes a code in one go (e.g. "123 456" copied from the phone). */
  async paste(text: string): Promise<void> {
    await this.field.fill(text);
  }
}

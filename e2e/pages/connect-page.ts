import type { Locator, Page } from '@playwright/test';

/** First run: "Connect to the RMS server" (the server address). */
export class ConnectPage {
  readonly heading: Locator;
  readonly serverAddress: Locator;
  readonly connectButton: Locator;
  /** The error sentence, when there is one. */
  readonly error: Locator;

  constructor(page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Connect to the RMS server' });
    this.serverAddress = page.getByRole('textbox', { name: 'Server address' });
    this.connectButton = page.getByRole('button', { name: 'Connect' });
    this.error = page.getByRole('alert').filter({ hasText: /\S/ });
  }

  /** Enters the server address and connects. */
  async connect(url: string): Promise<void> {
    await this.serverAddress.fill(url);
    await this.connectButton.click();
  }
}

import type { Locator, Page } from '@playwright/test';

/** The upper-right down-arrow account menu (docs/two-factor.md#setting-it-up-the-wizard): Account settings, Company settings, Sign out. */
export class HeaderMenu {
  /** The down-arrow menu button. */
  readonly button: Locator;
  /** The open menu. */
  readonly menu: Locator;

  constructor(private readonly page: Page) {
    this.button = page.getByRole('button', { name: /Account menu/ });
    this.menu = page.getByRole('menu');
  }

  /** One entry of the menu by its visible name. */
  itemLocator(name: string | RegExp): Locator {
    return this.menu.getByRole('menuitem', { name });
  }

  /** Clicks the down-arrow icon so the menu opens. */
  async open(): Promise<void> {
    if ((await this.button.getAttribute('aria-expanded')) !== 'true') await this.button.click();
  }

  /** Opens the menu and chooses an entry. */
  async choose(name: string | RegExp): Promise<void> {
    await this.open();
    await this.itemLocator(name).click();
  }

  /** Account settings. */
  async openAccountSettings(): Promise<void> {
    await this.choose('Account settings');
  }

  /** Company settings (administrators). */
  async openCompanySettings(): Promise<void> {
    await this.choose('Company settings');
  }

  /** Signs out through the menu. */
  async signOut(): Promise<void> {
    await this.choose('Sign out');
  }
}

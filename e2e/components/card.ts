import type { Locator, Page } from '@playwright/test';

/** The card (a `<section>`) whose heading has the given name: scopes a panel's fields and buttons. */
export function cardLocator(page: Page, heading: string | RegExp): Locator {
  return page.locator('section').filter({ has: page.getByRole('heading', { name: heading, exact: typeof heading === 'string' }) });
}

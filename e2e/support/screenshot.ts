import path from 'node:path';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from './environment.js';

/** Where the screenshots of the documentation live. */
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'docs/screenshots');

/**
 * Saves the window as docs/screenshots/<name>.png, 1100 px wide like every screenshot there:
 * the whole page (`fullPage`), or the viewport when a modal dialog is open.
 */
export async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.setViewportSize({ width: 1100, height: 880 });
  // Let layout settle after the resize (fonts, focus rings) before the picture.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: options.fullPage ?? true, animations: 'disabled' });
}

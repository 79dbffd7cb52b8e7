import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Locator } from '@playwright/test';

/** Decodes the QR code in a PNG image; returns its text, or null when no QR code is found. */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return jsQR(pixels, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

/** Takes a screenshot of the element the page drew the QR code in and decodes it, like a phone camera. */
export async function scanQrCode(element: Locator): Promise<string | null> {
  await element.scrollIntoViewIfNeeded();
  return decodeQrPng(await element.screenshot({ animations: 'disabled' }));
}

import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 decoding (no padding required), independent of otplib. */
export function base32Decode(input: string): Buffer {
  const clean = input.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`Not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP with node:crypto (HMAC-SHA1 by default). */
export function hotp(key: Buffer, counter: number, digits = 6, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary =
    ((mac[offset]! & 0x7f) << 24) | ((mac[offset + 1]! & 0xff) << 16) | ((mac[offset + 2]! & 0xff) << 8) | (mac[offset + 3]! & 0xff);
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 TOTP step of an instant (30-second period). */
export function stepAt(epochMs: number): number {
  return Math.floor(epochMs / 1000 / 30);
}

/** The 6-digit code an authenticator app shows for a base32 secret at `epochMs`. */
export function totpAt(secretBase32: string, epochMs: number): string {
  return hotp(base32Decode(secretBase32), stepAt(epochMs));
}

/** The code of a given step (for ±N step tests). */
export function totpForStep(secretBase32: string, step: number): string {
  return hotp(base32Decode(secretBase32), step);
}

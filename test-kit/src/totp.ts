// An authenticator app's arithmetic, written from RFC 4648 (base32), RFC 4226 (HOTP) and RFC 6238
// (TOTP) with node:crypto alone, so the tests never check the server's otplib code against itself.
import { createHmac } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The TOTP period RMS uses (RFC 6238's default): one code per 30-second step. */
export const TOTP_PERIOD_SECONDS = 30;

/** HMAC algorithms RFC 6238 defines. */
export type HotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** Decodes RFC 4648 base32 (case, spaces and padding ignored); throws on any other character. */
export function base32Decode(input: string): Buffer {
  const clean = input.replace(/[\s=]+/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`"${char}" is not a base32 character`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** Encodes bytes as RFC 4648 base32 without padding (how authenticator secrets are written). */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 0x1f];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 0x1f];
  return out;
}

/** RFC 4226 HOTP: HMAC over the 8-byte big-endian counter, dynamic truncation, `digits` digits. */
export function hotp(key: Buffer, counter: number, digits = 6, algorithm: HotpAlgorithm = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 time step of an instant (epoch milliseconds). */
export function timeStep(epochMs: number): number {
  return Math.floor(epochMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** The 6-digit code of a base32 secret for a given time step (for ±N step tests). */
export function totpForStep(secretBase32: string, step: number): string {
  return hotp(base32Decode(secretBase32), step);
}

/** The 6-digit code an authenticator app shows for a base32 secret at `epochMs`. */
export function totpAt(secretBase32: string, epochMs: number): string {
  return totpForStep(secretBase32, timeStep(epochMs));
}

/**
 * A 6-digit code that matches none of the secret's codes within `radius` steps of `step`: plainly
 * wrong (counted by the throttle), never a clock-skew case and never a lucky match.
 */
export function codeOutsideWindow(secretBase32: string, step: number, radius: number): string {
  const near = new Set<string>();
  for (let s = step - radius; s <= step + radius; s += 1) near.add(totpForStep(secretBase32, s));
  for (let candidate = 123_456; ; candidate = (candidate + 7_919) % 1_000_000) {
    const code = String(candidate).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/** RFC 6238 Appendix B: the SHA-1 test secret (ASCII "12345678901234567890") in base32. */
export const RFC6238_SHA1_SECRET_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** RFC 6238 Appendix B, SHA-1 rows: [Unix time in seconds, the 8-digit TOTP]. */
export const RFC6238_SHA1_VECTORS: ReadonlyArray<readonly [number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

import { describe, expect, it } from 'vitest';
import { RFC6238_SHA1_SECRET_BASE32, RFC6238_SHA1_VECTORS, base32Decode, base32Encode, codeOutsideWindow, hotp, timeStep, totpAt, totpForStep } from './totp.js';

// RFC 6238 Appendix B: the SHA-1 secret is "12345678901234567890"; SHA-256 and SHA-512 use it
// repeated to 32 and 64 bytes.
const SECRET_ASCII = '12345678901234567890';
const SHA256_KEY = Buffer.from('12345678901234567890123456789012');
const SHA512_KEY = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');
const SHA256_VECTORS: [number, string][] = [
  [59, '46119246'],
  [1111111109, '68084774'],
  [1111111111, '67062674'],
  [1234567890, '91819424'],
  [2000000000, '90698825'],
  [20000000000, '77737706'],
];
const SHA512_VECTORS: [number, string][] = [
  [59, '90693936'],
  [1111111109, '25091201'],
  [1111111111, '99943326'],
  [1234567890, '93441116'],
  [2000000000, '38618901'],
  [20000000000, '47863826'],
];

describe('independent RFC 6238 authenticator (test kit)', () => {
  it('decodes base32 to the RFC secret', () => {
    expect(base32Decode(RFC6238_SHA1_SECRET_BASE32).toString('ascii')).toBe(SECRET_ASCII);
  });

  it.each(RFC6238_SHA1_VECTORS)('matches Appendix B at T=%i', (seconds, expected) => {
    expect(hotp(Buffer.from(SECRET_ASCII), Math.floor(seconds / 30), 8)).toBe(expected);
  });

  it.each(SHA256_VECTORS)('matches Appendix B (HMAC-SHA-256) at T=%i', (seconds, expected) => {
    expect(hotp(SHA256_KEY, timeStep(seconds * 1000), 8, 'sha256')).toBe(expected);
  });

  it.each(SHA512_VECTORS)('matches Appendix B (HMAC-SHA-512) at T=%i', (seconds, expected) => {
    expect(hotp(SHA512_KEY, timeStep(seconds * 1000), 8, 'sha512')).toBe(expected);
  });

  it('shows the last 6 digits of the RFC code for a base32 secret at an instant', () => {
    for (const [seconds, expected] of RFC6238_SHA1_VECTORS) {
      expect(totpAt(RFC6238_SHA1_SECRET_BASE32, seconds * 1000)).toBe(expected.slice(-6));
      expect(totpForStep(RFC6238_SHA1_SECRET_BASE32, timeStep(seconds * 1000))).toBe(expected.slice(-6));
    }
  });

  it('reads setup keys the way people type them and refuses what is not base32', () => {
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq').toString('ascii')).toBe(SECRET_ASCII);
    expect(base32Decode('MZXW6===').toString('ascii')).toBe('foo');
    expect(() => base32Decode('GEZD1')).toThrow('"1" is not a base32 character');
  });

  it('encodes base32 as RFC 4648 does (section 10 vectors, no padding) and round-trips', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
    for (const [plain, encoded] of vectors) expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Encode(Buffer.from(SECRET_ASCII))).toBe(RFC6238_SHA1_SECRET_BASE32);
    const random = Buffer.from(Array.from({ length: 20 }, (_, i) => (i * 37 + 11) & 0xff));
    expect(base32Decode(base32Encode(random))).toEqual(random);
  });

  it('gives a wrong code that no step within the radius shows', () => {
    const step = timeStep(1_700_000_015_000);
    const code = codeOutsideWindow(RFC6238_SHA1_SECRET_BASE32, step, 21);
    expect(code).toMatch(/^\d{6}$/);
    for (let s = step - 21; s <= step + 21; s += 1) expect(totpForStep(RFC6238_SHA1_SECRET_BASE32, s)).not.toBe(code);
    expect(codeOutsideWindow(RFC6238_SHA1_SECRET_BASE32, step, 21)).toBe(code);
  });
});

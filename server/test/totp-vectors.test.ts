import { describe, expect, it } from 'vitest';
import { checkTotpCode, newTotpSecret, otpauthUri } from '../src/domain/totp.js';
import { base32Decode, hotp, totpAt, totpForStep } from './support/totp.js';

// RFC 6238 Appendix B, SHA1, secret "12345678901234567890" (8 digits).
const SECRET_ASCII = '12345678901234567890';
const SECRET_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('independent RFC 6238 authenticator (test support)', () => {
  it('decodes base32 to the RFC secret', () => {
    expect(base32Decode(SECRET_BASE32).toString('ascii')).toBe(SECRET_ASCII);
  });
  it.each(VECTORS)('matches Appendix B at T=%i', (seconds, expected) => {
    expect(hotp(Buffer.from(SECRET_ASCII), Math.floor(seconds / 30), 8)).toBe(expected);
  });
});

describe('server TOTP (otplib) against RFC 6238 Appendix B', () => {
  it.each(VECTORS)('accepts the 6-digit code of T=%i', async (seconds, expected) => {
    const result = await checkTotpCode(SECRET_BASE32, expected.slice(-6), seconds * 1000);
    expect(result).toEqual({ kind: 'valid', step: Math.floor(seconds / 30) });
  });

  it('agrees with the independent authenticator on a fresh secret, ±1 step only', async () => {
    const secret = newTotpSecret();
    expect(base32Decode(secret)).toHaveLength(20);
    const now = 1_700_000_015_000;
    const step = Math.floor(now / 30_000);
    for (const delta of [-1, 0, 1]) {
      expect(await checkTotpCode(secret, totpForStep(secret, step + delta), now)).toEqual({ kind: 'valid', step: step + delta });
    }
    expect(await checkTotpCode(secret, totpForStep(secret, step + 2), now)).toEqual({ kind: 'clock_skew', offsetSeconds: 60 });
    expect(await checkTotpCode(secret, totpForStep(secret, step - 4), now)).toEqual({ kind: 'clock_skew', offsetSeconds: -120 });
    expect(await checkTotpCode(secret, totpForStep(secret, step + 20), now)).toEqual({ kind: 'clock_skew', offsetSeconds: 600 });
    expect(totpAt(secret, now)).toBe(totpForStep(secret, step));
  });

  it('builds the otpauth URI of SPEC §3', () => {
    expect(otpauthUri('ann@example.com', 'ABCDEFGH')).toBe(
      'otpauth://totp/RMS:ann%40example.com?secret=ABCDEFGH&issuer=RMS&algorithm=SHA1&digits=6&period=30',
    );
  });
});

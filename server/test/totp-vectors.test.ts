import { describe, expect, it } from 'vitest';
import { RFC6238_SHA1_SECRET_BASE32, RFC6238_SHA1_VECTORS, base32Decode, totpAt, totpForStep } from '@rms/test-kit/totp';
import { checkTotpCode, newTotpSecret, otpauthUri } from '../src/domain/totp.js';

// The test kit's independent authenticator proves itself against the same vectors
// (test-kit/src/totp.test.ts); here the server's otplib code meets RFC 6238 Appendix B and the kit.
describe('server TOTP (otplib) against RFC 6238 Appendix B', () => {
  it.each(RFC6238_SHA1_VECTORS)('accepts the 6-digit code of T=%i', async (seconds, expected) => {
    const result = await checkTotpCode(RFC6238_SHA1_SECRET_BASE32, expected.slice(-6), seconds * 1000);
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
    expect(await checkTotpCode(secret, totpForStep(secret, step + 2), now)).toEqual({ kind: 'clock_skew', step: step + 2, offsetSteps: 2 });
    expect(await checkTotpCode(secret, totpForStep(secret, step - 4), now)).toEqual({ kind: 'clock_skew', step: step - 4, offsetSteps: -4 });
    expect(await checkTotpCode(secret, totpForStep(secret, step + 20), now)).toEqual({ kind: 'clock_skew', step: step + 20, offsetSteps: 20 });
    expect(totpAt(secret, now)).toBe(totpForStep(secret, step));
  });

  it('matches nothing for a code that is not six digits or a secret that is not base32, and looks no further back than step 0', () => {
    const secret = newTotpSecret();
    const now = 1_700_000_015_000;
    const code = totpForStep(secret, Math.floor(now / 30_000));
    expect(checkTotpCode(secret, `${code}0`, now)).toEqual({ kind: 'invalid' });
    expect(checkTotpCode(secret, code.replace(/^./, 'x'), now)).toEqual({ kind: 'invalid' });
    expect(checkTotpCode('not base32!', code, now)).toEqual({ kind: 'invalid' });
    expect(checkTotpCode(secret, totpForStep(secret, 0), 5 * 30_000)).toEqual({ kind: 'clock_skew', step: 0, offsetSteps: -5 });
  });

  it('builds the otpauth URI authenticator apps scan (docs/two-factor.md#codes)', () => {
    expect(otpauthUri('ann@example.com', 'ABCDEFGH')).toBe(
      'otpauth://totp/RMS:ann%40example.com?secret=ABCDEFGH&issuer=RMS&algorithm=SHA1&digits=6&period=30',
    );
  });
});

import { TOTP, TOTP_ISSUER } from '@rms/shared';
import { generateSecret, verifySync } from 'otplib';
import { nodeCryptoPlugin } from '../crypto/otp-node-crypto.js';

/** Outcome of checking a 6-digit code against a secret. */
export type CodeCheck =
  | { kind: 'valid'; step: number }
  /** Wrong now, but the code of `step`, `offsetSteps` away from the server's step (within ±10 minutes). */
  | { kind: 'clock_skew'; step: number; offsetSteps: number }
  | { kind: 'invalid' };

/** A fresh 20-byte TOTP secret, base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: TOTP.secretBytes, crypto: nodeCryptoPlugin });
}

/** The otpauth:// URI authenticator apps scan, see docs/two-factor.md#codes. */
export function otpauthUri(email: string, secret: string): string {
  const issuer = encodeURIComponent(TOTP_ISSUER);
  const label = `${issuer}:${encodeURIComponent(email)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${issuer}&algorithm=SHA1&digits=${TOTP.digits}&period=${TOTP.periodSeconds}`;
}

/** The RFC 6238 time step of an instant. */
export function timeStepAt(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP.periodSeconds);
}

/**
 * Checks a code: valid in the current step ±1 (returns the matched step), else a match within
 * ±10 minutes is a clock-skew match (still a rejection), else invalid. Synchronous: the HMAC is
 * node:crypto's, and otplib's async verify only added a promise per candidate step.
 */
export function checkTotpCode(secret: string, code: string, nowMs: number): CodeCheck {
  const epoch = Math.floor(nowMs / 1000);
  const base = {
    secret,
    token: code,
    epoch,
    period: TOTP.periodSeconds,
    digits: TOTP.digits,
    algorithm: 'sha1' as const,
    crypto: nodeCryptoPlugin,
  };
  const strict = verifySync({ ...base, epochTolerance: TOTP.periodSeconds * TOTP.window });
  const current = timeStepAt(nowMs);
  if (strict.valid) return { kind: 'valid', step: current + strict.delta };
  const wide = verifySync({ ...base, epochTolerance: TOTP.periodSeconds * TOTP.skewSearchSteps });
  if (wide.valid) return { kind: 'clock_skew', step: current + wide.delta, offsetSteps: wide.delta };
  return { kind: 'invalid' };
}

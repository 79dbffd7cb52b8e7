import { normalizeBackupCode, normalizeTemporaryCode, normalizeTotpCode } from '@rms/shared';
import { appError } from '../errors/service-error.js';

/** Normalises a typed authenticator code or answers `invalid_input` with a sentence (no request is sent). */
export function requireTotpCode(input: string): string {
  const code = normalizeTotpCode(input);
  if (!code) throw appError('invalid_input', 'Enter the 6 digits your authenticator app shows (spaces and dashes are fine).');
  return code;
}

/** Normalises a typed backup code or answers `invalid_input` with a sentence (no request is sent). */
export function requireBackupCode(input: string): string {
  const code = normalizeBackupCode(input);
  if (!code) throw appError('invalid_input', 'A backup code has 20 letters and digits, like ABCDE-FGHIJ-KLMNO-PQRST. Check it and try again.');
  return code;
}

/** Normalises a typed temporary access code or answers `invalid_input` with a sentence (no request is sent). */
export function requireTemporaryCode(input: string): string {
  const code = normalizeTemporaryCode(input);
  if (!code) throw appError('invalid_input', 'A temporary access code has 12 letters and digits, like ABCD-EFGH-JKLM. Check it with your administrator.');
  return code;
}

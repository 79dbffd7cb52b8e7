/** RFC 6238 parameters shared by server, app and tests. */
export const TOTP = {
  digits: 6,
  periodSeconds: 30,
  algorithm: 'SHA1',
  /** Steps accepted either side of the current one. */
  window: 1,
  /** Steps either side searched for a clock-skew diagnosis (±10 minutes). */
  skewSearchSteps: 20,
  secretBytes: 20,
} as const;

/** The company's choices for two-factor authentication at sign-in. */
export const TWO_FACTOR_AT_LOGIN = ['optional', 'required'] as const;

/** Issuer shown in authenticator apps. */
export const TOTP_ISSUER = 'RMS';

/** The supported authenticator apps, as the knowledge-base article lists them. */
export const SUPPORTED_AUTHENTICATOR_APPS = [
  'Google Authenticator',
  'Microsoft Authenticator',
  'Duo Mobile',
  'Twilio Authy',
] as const;

const BASE32_ALPHABET = /^[A-Z2-7]+$/;

/** A backup code is 20 base32 characters (100 bits). */
export const BACKUP_CODE_LENGTH = 20;

/**
 * Normalises a typed or pasted backup code: any case, dashes and whitespace ignored.
 * Returns null when what remains is not 20 base32 characters.
 */
export function normalizeBackupCode(input: string): string | null {
  const compact = input.replace(/[\s-]+/g, '').toUpperCase();
  if (compact.length !== BACKUP_CODE_LENGTH || !BASE32_ALPHABET.test(compact)) return null;
  return compact;
}

/** Shows a backup code grouped as XXXXX-XXXXX-XXXXX-XXXXX. */
export function formatBackupCode(code: string): string {
  const compact = code.replace(/[\s-]+/g, '').toUpperCase();
  return compact.match(/.{1,5}/g)?.join('-') ?? compact;
}

/** A temporary access code (issued by an administrator) is 12 base32 characters (60 bits), single use, 24 h. */
export const TEMPORARY_CODE_LENGTH = 12;

/** Normalises a typed temporary access code (any case, dashes and whitespace ignored), or null when it is not one. */
export function normalizeTemporaryCode(input: string): string | null {
  const compact = input.replace(/[\s-]+/g, '').toUpperCase();
  if (compact.length !== TEMPORARY_CODE_LENGTH || !BASE32_ALPHABET.test(compact)) return null;
  return compact;
}

/** Shows a temporary access code grouped as XXXX-XXXX-XXXX. */
export function formatTemporaryCode(code: string): string {
  const compact = code.replace(/[\s-]+/g, '').toUpperCase();
  return compact.match(/.{1,4}/g)?.join('-') ?? compact;
}

/** Shows a base32 setup key in groups of four for reading aloud or typing. */
export function formatSetupKey(secret: string): string {
  return secret.replace(/\s+/g, '').match(/.{1,4}/g)?.join(' ') ?? secret;
}

/**
 * Extracts a 6-digit code from what a person typed or pasted ("123 456", "123-456", " 123456\n").
 * Returns null unless exactly six ASCII digits remain.
 */
export function normalizeTotpCode(input: string): string | null {
  const compact = input.replace(/[\s-]+/g, '');
  return /^[0-9]{6}$/.test(compact) ? compact : null;
}

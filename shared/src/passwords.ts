/** A new password has at least this many characters (Unicode code points). */
export const PASSWORD_MIN_LENGTH = 12;

/** A new password has at most this many characters (Unicode code points). */
export const PASSWORD_MAX_LENGTH = 128;

/** Minimum zxcvbn score (0–4) a new password must reach. */
export const PASSWORD_MIN_SCORE = 3;

/** The length of a password in characters as a person counts them (code points, not UTF-16 units). */
export function passwordLength(password: string): number {
  return [...password].length;
}

import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 32;
/** Random bytes drawn from the CSPRNG in one call and handed out 32 at a time, each byte once. */
const POOL_BYTES = 128 * TOKEN_BYTES;
let pool = Buffer.alloc(0);
let used = POOL_BYTES;

/**
 * A random opaque token: 32 bytes, base64url. The bytes come from a pool refilled by one
 * `randomBytes` call per 128 tokens (as node:crypto's randomUUID does): a call per token cost
 * ten times as much, and a sign-in makes two or three tokens.
 */
export function randomToken(): string {
  if (used + TOKEN_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  const token = pool.toString('base64url', used, used + TOKEN_BYTES);
  // The bytes of a handed-out token are not kept in the pool.
  pool.fill(0, used, used + TOKEN_BYTES);
  used += TOKEN_BYTES;
  return token;
}

/**
 * SHA-256 of a token or code, hex. Tokens and codes are stored only in this form. node:crypto's
 * one-shot `hash` (0.4 µs) instead of a Hash object per value (1.9 µs): a code sign-in hashes three
 * tokens (the challenge's, and the new session's access and refresh tokens).
 */
export function sha256(value: string): string {
  return hash('sha256', value, 'hex');
}

/** Compares two strings in constant time (for equal lengths; unequal lengths are simply false). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `length` random base32 characters (5 bits each). */
export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += BASE32[byte & 31];
  return out;
}

/** A random backup code: 20 base32 characters (100 bits), ungrouped. */
export function randomBackupCode(): string {
  return randomBase32(20);
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CryptoPlugin } from 'otplib';

const NODE_DIGESTS = { sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' } as const;
type Digest = keyof typeof NODE_DIGESTS;

function digestOf(algorithm: string): Digest {
  const name = algorithm.toLowerCase().replace(/[-_]/g, '');
  if (name in NODE_DIGESTS) return name as Digest;
  throw new Error(`Unsupported HMAC algorithm: ${algorithm}`);
}

function bytes(value: string | Uint8Array): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** otplib crypto plugin on node:crypto (OpenSSL HMAC): much faster than the pure-JS default. */
export const nodeCryptoPlugin: CryptoPlugin = {
  name: 'node',
  algorithms: ['sha1', 'sha256', 'sha512'],
  hmac(algorithm, key, data) {
    return new Uint8Array(createHmac(NODE_DIGESTS[digestOf(algorithm)], key).update(data).digest());
  },
  randomBytes(length) {
    return new Uint8Array(randomBytes(length));
  },
  constantTimeEqual(a, b) {
    const left = bytes(a);
    const right = bytes(b);
    return left.length === right.length && timingSafeEqual(left, right);
  },
};

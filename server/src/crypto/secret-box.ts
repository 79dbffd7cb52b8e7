import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens small secrets (TOTP secrets) with AES-256-GCM. */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/**
 * AES-256-GCM with a random 96-bit IV per message. The sealed form is base64 of
 * `version(1) | keyId(1) | iv(12) | tag(16) | ciphertext`, so keys can rotate later.
 */
export function createSecretBox(key: Buffer, keyId = 1): SecretBox {
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes.');
  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from([VERSION, keyId]));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION, keyId]), iv, cipher.getAuthTag(), ciphertext]).toString('base64');
    },
    open(sealed) {
      const raw = Buffer.from(sealed, 'base64');
      if (raw.length < 2 + IV_BYTES + TAG_BYTES || raw[0] !== VERSION) throw new Error('Unknown sealed-secret format.');
      if (raw[1] !== keyId) throw new Error(`Sealed with key ${raw[1]}, but only key ${keyId} is configured.`);
      const iv = raw.subarray(2, 2 + IV_BYTES);
      const tag = raw.subarray(2 + IV_BYTES, 2 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(raw.subarray(0, 2));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(raw.subarray(2 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

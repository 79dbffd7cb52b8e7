import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ServerConfig } from '../config.js';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens small secrets (TOTP secrets) with AES-256-GCM. */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** True when `sealed` was sealed with a key other than the current one (so `secrets reseal` should rewrite it). */
  needsResealing(sealed: string): boolean;
}

function checkKey(key: Buffer, keyId: number): void {
  if (!Number.isInteger(keyId) || keyId < 1 || keyId > 255) throw new Error(`A secret key id must be a whole number from 1 to 255, not ${keyId}.`);
  if (key.length !== 32) throw new Error(`The secret key with id ${keyId} must be 32 bytes.`);
}

function header(sealed: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < 2 + IV_BYTES + TAG_BYTES || raw[0] !== VERSION) throw new Error('Unknown sealed-secret format.');
  return raw;
}

/**
 * AES-256-GCM with a random 96-bit IV per message. The sealed form is base64 of
 * `version(1) | keyId(1) | iv(12) | tag(16) | ciphertext`. It always seals with `key` (id `keyId`)
 * and opens values sealed with it or with one of the `previous` keys (id → key), for rotation.
 */
export function createSecretBox(key: Buffer, keyId = 1, previous: ReadonlyMap<number, Buffer> = new Map()): SecretBox {
  checkKey(key, keyId);
  const keys = new Map<number, Buffer>();
  for (const [id, old] of previous) {
    checkKey(old, id);
    if (id === keyId) throw new Error(`Previous secret key id ${id} is the current key id; give the new key another id.`);
    keys.set(id, old);
  }
  keys.set(keyId, key);
  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from([VERSION, keyId]));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION, keyId]), iv, cipher.getAuthTag(), ciphertext]).toString('base64');
    },
    open(sealed) {
      const raw = header(sealed);
      const id = raw[1]!;
      const openKey = keys.get(id);
      if (!openKey) {
        throw new Error(
          `Secret key id ${id} is missing: this value was sealed with key ${id}, but the configured key ids are ${[...keys.keys()].sort((a, b) => a - b).join(', ')}. Add key ${id} to RMS_PREVIOUS_SECRET_KEYS as "${id}:<base64 key>".`,
        );
      }
      const iv = raw.subarray(2, 2 + IV_BYTES);
      const tag = raw.subarray(2 + IV_BYTES, 2 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', openKey, iv);
      decipher.setAAD(raw.subarray(0, 2));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(raw.subarray(2 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
    needsResealing(sealed) {
      return header(sealed)[1] !== keyId;
    },
  };
}

/** The secret box of a configuration: its current key and id, plus its previous keys for opening. */
export function secretBoxFromConfig(config: Pick<ServerConfig, 'secretKey' | 'secretKeyId' | 'previousSecretKeys'>): SecretBox {
  return createSecretBox(config.secretKey, config.secretKeyId ?? 1, config.previousSecretKeys);
}

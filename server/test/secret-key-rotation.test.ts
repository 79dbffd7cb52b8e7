import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createSecretBox, secretBoxFromConfig } from '../src/crypto/secret-box.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rms-rotation-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const keyIdOf = (sealed: string) => Buffer.from(sealed, 'base64')[1];

describe('secret keyring', () => {
  const key1 = randomBytes(32);
  const key2 = randomBytes(32);

  it('seals with the current key and opens values sealed with it or a previous key', () => {
    const old = createSecretBox(key1, 1);
    const sealedUnder1 = old.seal('JBSWY3DPEHPK3PXP');
    const ring = createSecretBox(key2, 2, new Map([[1, key1]]));
    const sealedUnder2 = ring.seal('KRSXG5CTMVRXEZLU');
    expect(keyIdOf(sealedUnder1)).toBe(1);
    expect(keyIdOf(sealedUnder2)).toBe(2);
    expect(ring.open(sealedUnder2)).toBe('KRSXG5CTMVRXEZLU');
    expect(ring.open(sealedUnder1)).toBe('JBSWY3DPEHPK3PXP');
    expect(createSecretBox(key2, 2).open(sealedUnder2)).toBe('KRSXG5CTMVRXEZLU');
  });

  it('says which key id is missing and where to add it', () => {
    const sealedUnder1 = createSecretBox(key1, 1).seal('JBSWY3DPEHPK3PXP');
    const ring = createSecretBox(key2, 2);
    expect(() => ring.open(sealedUnder1)).toThrow(/Secret key id 1 is missing/);
    expect(() => ring.open(sealedUnder1)).toThrow(/RMS_PREVIOUS_SECRET_KEYS as "1:<base64 key>"/);
    const wrongPrevious = createSecretBox(key2, 2, new Map([[1, randomBytes(32)]]));
    expect(() => wrongPrevious.open(sealedUnder1)).toThrow();
  });

  it('needsResealing is true only for values sealed with a non-current key', () => {
    const sealedUnder1 = createSecretBox(key1, 1).seal('JBSWY3DPEHPK3PXP');
    const ring = createSecretBox(key2, 2, new Map([[1, key1]]));
    expect(ring.needsResealing(sealedUnder1)).toBe(true);
    expect(ring.needsResealing(ring.seal('JBSWY3DPEHPK3PXP'))).toBe(false);
    expect(ring.needsResealing(ring.seal(ring.open(sealedUnder1)))).toBe(false);
    expect(() => ring.needsResealing('bm90IHNlYWxlZA==')).toThrow(/Unknown sealed-secret format/);
  });

  it('refuses a previous key with the current id, a bad id or a short key', () => {
    expect(() => createSecretBox(key2, 2, new Map([[2, key1]]))).toThrow(/current key id/);
    expect(() => createSecretBox(key2, 256)).toThrow(/1 to 255/);
    expect(() => createSecretBox(key2, 2, new Map([[1, randomBytes(16)]]))).toThrow(/id 1 must be 32 bytes/);
  });
});

describe('rotation settings', () => {
  const key1 = randomBytes(32).toString('base64');
  const key2 = randomBytes(32).toString('base64');
  const load = (env: NodeJS.ProcessEnv) => loadConfig({ RMS_SECRET_KEY: key2, ...env }, { dataDir: tempDir() });

  it('defaults to key id 1 with no previous keys', () => {
    const config = load({});
    expect(config.secretKeyId).toBe(1);
    expect(config.previousSecretKeys?.size).toBe(0);
  });

  it('reads RMS_SECRET_KEY_ID and RMS_PREVIOUS_SECRET_KEYS into a working keyring', () => {
    const config = load({ RMS_SECRET_KEY_ID: '2', RMS_PREVIOUS_SECRET_KEYS: ` 1:${key1} , 7:${randomBytes(32).toString('base64')}` });
    expect(config.secretKeyId).toBe(2);
    expect([...(config.previousSecretKeys?.keys() ?? [])]).toEqual([1, 7]);
    expect(config.previousSecretKeys?.get(1)?.equals(Buffer.from(key1, 'base64'))).toBe(true);
    const sealedUnder1 = createSecretBox(Buffer.from(key1, 'base64'), 1).seal('JBSWY3DPEHPK3PXP');
    expect(secretBoxFromConfig(config).open(sealedUnder1)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('explains a malformed key id or previous-key list', () => {
    expect(() => load({ RMS_SECRET_KEY_ID: '0' })).toThrow('RMS_SECRET_KEY_ID must be a whole number from 1 to 255, not "0".');
    expect(() => load({ RMS_SECRET_KEY_ID: 'two' })).toThrow(/RMS_SECRET_KEY_ID must be a whole number/);
    expect(() => load({ RMS_SECRET_KEY_ID: '256' })).toThrow(/RMS_SECRET_KEY_ID must be a whole number/);
    expect(() => load({ RMS_SECRET_KEY_ID: '2', RMS_PREVIOUS_SECRET_KEYS: key1 })).toThrow(/comma-separated list of <id>:<base64 key>/);
    expect(() => load({ RMS_SECRET_KEY_ID: '2', RMS_PREVIOUS_SECRET_KEYS: `x:${key1}` })).toThrow(
      'Each key id in RMS_PREVIOUS_SECRET_KEYS must be a whole number from 1 to 255, not "x".',
    );
    expect(() => load({ RMS_SECRET_KEY_ID: '3', RMS_PREVIOUS_SECRET_KEYS: `1:${key1},1:${key1}` })).toThrow('RMS_PREVIOUS_SECRET_KEYS lists key id 1 twice.');
    expect(() => load({ RMS_SECRET_KEY_ID: '2', RMS_PREVIOUS_SECRET_KEYS: `2:${key1}` })).toThrow(/key id 2, which is the current RMS_SECRET_KEY_ID/);
    expect(() => load({ RMS_PREVIOUS_SECRET_KEYS: `2:${key1}` })).not.toThrow();
    expect(() => load({ RMS_PREVIOUS_SECRET_KEYS: `1:${key1}` })).toThrow(/current RMS_SECRET_KEY_ID/);
    expect(() => load({ RMS_SECRET_KEY_ID: '2', RMS_PREVIOUS_SECRET_KEYS: '1:c2hvcnQ=' })).toThrow(
      'Key 1 in RMS_PREVIOUS_SECRET_KEYS must be 32 bytes in base64, not 5 bytes.',
    );
  });
});

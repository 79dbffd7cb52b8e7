import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createSecretBox } from '../src/crypto/secret-box.js';
import { REDACTED_PATHS } from '../src/logger.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rms-config-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('defaults to SQLite in ./data-like folder on 127.0.0.1:8787 and generates a 0600 key once', () => {
    const dataDir = tempDir();
    const first = loadConfig({}, { dataDir });
    expect(first).toMatchObject({ host: '127.0.0.1', port: 8787, databaseUrl: null, smtpUrl: null, trustProxy: false, secretKeySource: 'generated' });
    expect(first.sqlitePath).toBe(join(dataDir, 'rms.sqlite'));
    expect(first.mailDir).toBe(join(dataDir, 'mail'));
    const keyFile = join(dataDir, 'secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);
    const second = loadConfig({}, { dataDir });
    expect(second.secretKeySource).toBe('file');
    expect(second.secretKey.equals(first.secretKey)).toBe(true);
  });

  it('reads the environment', () => {
    const key = randomBytes(32);
    const config = loadConfig({
      RMS_DATA_DIR: tempDir(),
      DATABASE_URL: 'postgres://u@db:5432/rms',
      RMS_SECRET_KEY: key.toString('base64'),
      SMTP_URL: 'smtp://mail:25',
      PORT: '9000',
      HOST: '0.0.0.0',
      TRUST_PROXY: '1',
    });
    expect(config).toMatchObject({ databaseUrl: 'postgres://u@db:5432/rms', smtpUrl: 'smtp://mail:25', port: 9000, host: '0.0.0.0', trustProxy: 1, secretKeySource: 'env' });
    expect(config.secretKey.equals(key)).toBe(true);
  });

  it('explains a bad key, port or database URL', () => {
    expect(() => loadConfig({ RMS_SECRET_KEY: 'c2hvcnQ=' }, { dataDir: tempDir() })).toThrow(/32 random bytes in base64/);
    expect(() => loadConfig({ PORT: 'eighty' }, { dataDir: tempDir() })).toThrow(/PORT must be/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' }, { dataDir: tempDir() })).toThrow(/postgres:\/\//);
  });
});

describe('secret box (AES-256-GCM)', () => {
  it('round-trips, uses a fresh IV each time and detects tampering or the wrong key', () => {
    const box = createSecretBox(randomBytes(32));
    const a = box.seal('JBSWY3DPEHPK3PXP');
    const b = box.seal('JBSWY3DPEHPK3PXP');
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DP');
    expect(box.open(a)).toBe('JBSWY3DPEHPK3PXP');
    const raw = Buffer.from(a, 'base64');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    expect(() => box.open(raw.toString('base64'))).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(a)).toThrow();
    expect(() => createSecretBox(randomBytes(32), 2).open(a)).toThrow(/key 1/);
  });
});

describe('log redaction', () => {
  it('blanks secrets wherever they appear, but keeps error codes', () => {
    const lines: string[] = [];
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, { write: (line: string) => lines.push(line) });
    logger.info({
      req: { headers: { authorization: 'Bearer tok-123' }, body: { code: '123456', password: 'hunter2-pass' } },
      body: { backupCode: 'AAAAA-BBBBB', refreshToken: 'rt-456', challenge: 'ch-789' },
      user: { secret: 'JBSWY3DPEHPK3PXP' },
      err: { code: 'ECONNREFUSED' },
    });
    const text = lines.join('');
    for (const secret of ['tok-123', '123456', 'hunter2-pass', 'AAAAA-BBBBB', 'rt-456', 'ch-789', 'JBSWY3DPEHPK3PXP']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('ECONNREFUSED');
  });
});

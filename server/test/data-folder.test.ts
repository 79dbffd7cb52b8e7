import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/start-server.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

/**
 * Starts the real server on SQLite in `dataDir` (no RMS_SECRET_KEY: the key file is generated),
 * runs `whileUp` (the WAL files exist only while it runs), stops it and returns its log lines.
 */
async function runOnce(dataDir: string, whileUp: () => void = () => {}): Promise<Array<{ level: number; msg: string; path?: string; fix?: string }>> {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const config = loadConfig({}, { dataDir, databaseUrl: null, smtpUrl: null, logLevel: 'info' });
  const server = await startServer(config, { port: 0, host: '127.0.0.1', logger });
  try {
    whileUp();
  } finally {
    await server.close();
  }
  return lines.map((line) => JSON.parse(line) as { level: number; msg: string; path?: string; fix?: string });
}

describe('data folder permissions', () => {
  it('creates the data folder 0700 and the database, its WAL files and the key file 0600', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rms-data-perm-'));
    roots.push(root);
    const dataDir = join(root, 'nested', 'data');
    const log = await runOnce(dataDir, () => {
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(join(root, 'nested'))).toBe(0o700);
      for (const file of ['rms.sqlite', 'rms.sqlite-wal', 'rms.sqlite-shm', 'secret.key']) expect(modeOf(join(dataDir, file)), file).toBe(0o600);
    });
    expect(log.filter((l) => l.msg.includes('other users of this machine can read this'))).toEqual([]);
  });

  it('warns at start-up, naming each path that is wider and the command that fixes it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rms-data-perm-'));
    roots.push(root);
    const dataDir = join(root, 'data');
    await runOnce(dataDir);
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'rms.sqlite'), 0o644);
    chmodSync(join(dataDir, 'secret.key'), 0o640);
    mkdirSync(join(dataDir, 'mail'), { mode: 0o700 });
    writeFileSync(join(dataDir, 'mail', 'security_evt-1.eml'), 'Subject: x\n\nx\n', { mode: 0o644 });
    chmodSync(join(dataDir, 'mail', 'security_evt-1.eml'), 0o644);

    const warnings = (await runOnce(dataDir)).filter((l) => l.msg.includes('other users of this machine can read this'));
    expect(warnings.every((w) => w.level === 40)).toBe(true);
    expect(warnings.map((w) => [w.path, w.fix])).toEqual([
      [dataDir, `chmod 700 '${dataDir}'`],
      [join(dataDir, 'secret.key'), `chmod 600 '${join(dataDir, 'secret.key')}'`],
      [join(dataDir, 'rms.sqlite'), `chmod 600 '${join(dataDir, 'rms.sqlite')}'`],
      // SQLite gives its WAL files the database file's mode.
      [join(dataDir, 'rms.sqlite-wal'), `chmod 600 '${join(dataDir, 'rms.sqlite-wal')}'`],
      [join(dataDir, 'rms.sqlite-shm'), `chmod 600 '${join(dataDir, 'rms.sqlite-shm')}'`],
      [`1 .eml file(s) in ${join(dataDir, 'mail')}`, `chmod 600 '${join(dataDir, 'mail')}'/*.eml`],
    ]);
  });
});

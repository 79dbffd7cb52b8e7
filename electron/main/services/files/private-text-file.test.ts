import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePrivateTextFile } from './private-text-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rms-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('saving the backup code file', () => {
  it('creates the file with mode 0600', async () => {
    const file = path.join(dir, 'rms-backup-code.txt');
    await writePrivateTextFile(file, 'ABCDE-FGHIJ-KLMNO-PQRST\n');
    expect(readFileSync(file, 'utf8')).toBe('ABCDE-FGHIJ-KLMNO-PQRST\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('tightens the mode of a file it overwrites', async () => {
    const file = path.join(dir, 'existing.txt');
    writeFileSync(file, 'old', { mode: 0o644 });
    await writePrivateTextFile(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

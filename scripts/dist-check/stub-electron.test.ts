import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';
import { compareFuses } from './fuse-audit.js';
import { STOCK_FUSE_WIRE, writeStubElectronDist } from './stub-electron.js';

describe('stand-in Electron distribution', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rms-stub-electron-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is an executable whose fuse wire @electron/fuses can read and flip', async () => {
    const executable = writeStubElectronDist(dir, '38.8.6');
    expect(statSync(executable).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(dir, 'version'), 'utf8')).toBe('38.8.6');
    const before = (await getCurrentFuseWire(executable)) as unknown as Record<number, number>;
    expect([...STOCK_FUSE_WIRE].map((_, i) => String.fromCharCode(before[i]!)).join('')).toBe(STOCK_FUSE_WIRE);

    await flipFuses(executable, { version: FuseVersion.V1, [FuseV1Options.RunAsNode]: false, [FuseV1Options.OnlyLoadAppFromAsar]: true });
    const after = (await getCurrentFuseWire(executable)) as unknown as Record<number, number>;
    const { rows } = compareFuses({}, after);
    expect(rows.find((r) => r.key === 'runAsNode')?.actual).toBe(false);
    expect(rows.find((r) => r.key === 'onlyLoadAppFromAsar')?.actual).toBe(true);
    expect(rows.find((r) => r.key === 'grantFileProtocolExtraPrivileges')?.actual).toBe(true);
  });
});

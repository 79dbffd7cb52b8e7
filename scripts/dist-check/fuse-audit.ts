import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

/** The electron-builder `electronFuses` keys, in the order of Electron's V1 fuse wire. */
export const FUSE_KEYS = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;

/** One fuse as configured and as found in the packaged binary. */
export interface FuseRow {
  key: (typeof FUSE_KEYS)[number];
  expected: boolean | undefined;
  actual: boolean | 'removed' | 'unknown';
}

/** Maps a fuse wire byte to its state. */
function stateOf(byte: number | undefined): FuseRow['actual'] {
  if (byte === 0x31) return true;
  if (byte === 0x30) return false;
  if (byte === 0x72) return 'removed';
  return 'unknown';
}

/** Compares configured fuses with a wire read back from a binary; returns the rows and the mismatches. */
export function compareFuses(expected: Partial<Record<FuseRow['key'], boolean>>, wire: Record<number, number>): { rows: FuseRow[]; violations: string[] } {
  const rows = FUSE_KEYS.map((key, index) => ({ key, expected: expected[key], actual: stateOf(wire[index]) }));
  const violations: string[] = [];
  for (const row of rows) {
    if (row.expected === undefined) violations.push(`fuse ${row.key} is not set in the build config`);
    else if (row.actual !== row.expected) violations.push(`fuse ${row.key} is ${String(row.actual)} in the packaged binary, config says ${String(row.expected)}`);
  }
  return { rows, violations };
}

/** Reads the fuse wire of a packaged Electron executable and compares it with the config. */
export async function auditFuses(executable: string, expected: Partial<Record<FuseRow['key'], boolean>>): Promise<{ rows: FuseRow[]; violations: string[] }> {
  const wire = (await getCurrentFuseWire(executable)) as unknown as Record<number, number>;
  if (FuseV1Options.GrantFileProtocolExtraPrivileges !== FUSE_KEYS.length - 1) throw new Error('@electron/fuses changed its V1 wire layout; update FUSE_KEYS');
  return compareFuses(expected, wire);
}

import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The marker @electron/fuses searches for in the Electron binary; the fuse wire follows it. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Fuse states of a stock Electron 38 binary, in wire order (RunAsNode, EnableCookieEncryption,
 * EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments,
 * EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar, LoadBrowserProcessSpecificV8Snapshot,
 * GrantFileProtocolExtraPrivileges): '1' enabled, '0' disabled.
 */
export const STOCK_FUSE_WIRE = '10110001';

/**
 * Writes a stand-in for an unpacked Linux Electron distribution (the real binary cannot be
 * downloaded here): an `electron` executable that refuses to run but carries a genuine V1 fuse
 * wire, so electron-builder's fuse flipping runs for real and can be read back, plus the files
 * electron-builder copies around it.
 */
export function writeStubElectronDist(dir: string, electronVersion: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, STOCK_FUSE_WIRE.length]), Buffer.from(STOCK_FUSE_WIRE, 'latin1')]);
  const script = Buffer.from(
    '#!/bin/sh\n' +
      'echo "This is the dist-check stand-in for the Electron binary; it cannot run the app." >&2\n' +
      'exit 1\n' +
      '# fuse wire: ',
    'utf8',
  );
  const executable = join(dir, 'electron');
  writeFileSync(executable, Buffer.concat([script, wire, Buffer.from('\n')]));
  chmodSync(executable, 0o755);
  writeFileSync(join(dir, 'version'), electronVersion);
  writeFileSync(join(dir, 'LICENSE'), 'Stand-in Electron distribution for the packaging check.\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<!-- stand-in -->\n');
  writeFileSync(join(dir, 'locales', 'en-US.pak'), '');
  return executable;
}

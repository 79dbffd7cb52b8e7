import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outManifest } from './out-manifest.js';

const root = join(import.meta.dirname, '..', '..');

describe('out/package.json, the build manifest', () => {
  it('names the Electron the app is built with and keeps the module type of out/main/index.js', () => {
    const rootPackage = readFileSync(join(root, 'package.json'), 'utf8');
    const { type, devDependencies } = JSON.parse(rootPackage) as { type: string; devDependencies: { electron: string } };
    expect(outManifest(rootPackage)).toEqual({ private: true, type, devDependencies: { electron: devDependencies.electron } });
  });

  it('refuses to guess when the root package does not name Electron', () => {
    expect(() => outManifest(JSON.stringify({ type: 'module' }))).toThrow(/devDependencies\.electron/);
  });

  it('is not packaged: electron-builder takes only out/main, out/preload and out/renderer', () => {
    const files = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(files).not.toMatch(/^\s*-\s*out\/\*\*/m);
    expect(files).not.toMatch(/^\s*-\s*out\/package\.json/m);
  });
});

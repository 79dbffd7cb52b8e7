/**
 * out/package.json: a build manifest next to the electron-vite output. It says which Electron the
 * bundle was built for (so a scanner given only out/, such as `npx electronegativity -i out`,
 * judges the checks for that version instead of assuming Electron 0.1 and reporting settings that
 * have been secure by default for years) and keeps the module type of out/main/index.js, because
 * Node reads the nearest package.json for it. It is not packaged: electron-builder.yml takes only
 * out/main, out/preload and out/renderer, and the root package.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface RootPackage {
  type?: string;
  devDependencies?: Record<string, string>;
}

/** The manifest for the root package.json's text: its module type and its Electron range. */
export function outManifest(rootPackageJson: string): { private: true; type: string; devDependencies: { electron: string } } {
  const root = JSON.parse(rootPackageJson) as RootPackage;
  const electron = root.devDependencies?.electron;
  if (!electron) throw new Error('package.json has no devDependencies.electron: the build manifest cannot say which Electron out/ is for.');
  return { private: true, type: root.type ?? 'commonjs', devDependencies: { electron } };
}

/** Writes `<root>/out/package.json` from `<root>/package.json`. */
export function writeOutManifest(root: string): void {
  const manifest = outManifest(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(join(root, 'out', 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const readPackage = (dir: string): PackageJson => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

/** Finds the installed folder of `name` as Node would from `fromDir` (walking up node_modules). */
function resolvePackageDir(name: string, fromDir: string): string | null {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * The names of every installed package reachable from the project's production dependencies
 * (dependencies, optional dependencies and non-optional peers), i.e. what may be packed.
 */
export function productionDependencyClosure(projectDir: string): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    const pkg = readPackage(dir);
    const wanted = {
      ...pkg.dependencies,
      ...pkg.optionalDependencies,
      ...Object.fromEntries(Object.entries(pkg.peerDependencies ?? {}).filter(([n]) => !pkg.peerDependenciesMeta?.[n]?.optional)),
    };
    for (const name of Object.keys(wanted)) {
      const found = resolvePackageDir(name, dir);
      if (!found) continue; // an optional dependency for another platform
      names.add(name);
      if (seen.has(found)) continue;
      seen.add(found);
      visit(found);
    }
  };
  visit(projectDir);
  return names;
}

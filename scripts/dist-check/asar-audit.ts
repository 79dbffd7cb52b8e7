import type { AsarEntry } from './asar-entries.js';

/** What the packaged app.asar must and must not hold. */
export interface AsarRules {
  /** The package.json "main" entry, which must be inside the archive. */
  mainEntry: string;
  /** npm packages allowed under node_modules/: the production dependency closure of the app. */
  allowedPackages: ReadonlySet<string>;
}

/** A summary line: a top-level folder (or file) of the archive with its file count and bytes. */
export interface AsarGroup {
  name: string;
  files: number;
  bytes: number;
}

/** The result of auditing an asar listing. */
export interface AsarAudit {
  groups: AsarGroup[];
  /** Top-level npm packages found under node_modules/. */
  packages: string[];
  violations: string[];
}

/** Folders of the built app that must each hold at least one file. */
export const REQUIRED_OUT_FOLDERS = ['out/main', 'out/preload', 'out/renderer'] as const;

/** Paths of the repository that must never be packed, with the reason printed on a violation. */
const FORBIDDEN_PREFIXES: ReadonlyArray<[string, string]> = [
  ['server/', 'the backend workspace'],
  ['shared/', 'contract sources (bundled into out/ instead)'],
  ['e2e/', 'the e2e suites'],
  ['test-kit/', 'the test kit workspace'],
  ['electron/', 'main-process sources'],
  ['renderer/', 'renderer sources'],
  ['src/', 'sources'],
  ['scripts/', 'dev scripts'],
  ['bench/', 'benchmarks'],
  ['docs/', 'documentation'],
  ['build/', 'packaging resources'],
  ['dist/', 'build output'],
  ['test-results/', 'test output'],
  ['coverage/', 'test output'],
  ['.ci/', 'CI scripts'],
  ['node_modules/.bin/', 'dev tool launchers'],
];

/** File names (at any depth outside node_modules) that are dev configuration. */
const FORBIDDEN_CONFIG = /^(electron-builder(\.[\w-]+)?\.ya?ml|electron\.vite\.config\.\w+|vite(st)?\.config\.\w+|playwright\.config\.\w+|eslint\.config\.\w+|tsconfig(\.[\w-]+)?\.json|package-lock\.json|\.npmrc|\.env(\..*)?)$/;

/** Packages that are dev tools or server-only and must never be in the desktop app. */
const FORBIDDEN_PACKAGES = /^(electron|electron-builder|electron-vite|app-builder-lib|vite|vitest|typescript|tsx|esbuild|rollup|eslint.*|@eslint\/.*|playwright|@playwright\/.*|@electron\/.*|@doyensec\/.*|@vitest\/.*|@vue\/test-utils|happy-dom|fast-check|@rms\/.*|fastify|@fastify\/.*|better-sqlite3|pg|kysely|nodemailer|smtp-server|@node-rs\/.*|pino|otplib|@types\/.*|@resvg\/.*)$/;

/** The npm package a node_modules path belongs to ("node_modules/@a/b/x.js" → "@a/b"), or null. */
export function packageOf(path: string): string | null {
  const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match ? match[1]! : null;
}

/** Groups entries by top-level folder (out/ and node_modules/ one level deeper) for the summary. */
export function groupEntries(entries: readonly AsarEntry[]): AsarGroup[] {
  const groups = new Map<string, AsarGroup>();
  for (const entry of entries) {
    const parts = entry.path.split('/');
    const name = parts.length === 1 ? parts[0]! : parts[0] === 'out' && parts.length > 2 ? `out/${parts[1]}` : `${parts[0]}/`;
    const group = groups.get(name) ?? { name, files: 0, bytes: 0 };
    group.files += 1;
    group.bytes += entry.size;
    groups.set(name, group);
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Checks an asar listing against the packaging rules; every problem becomes one violation sentence. */
export function auditAsar(entries: readonly AsarEntry[], rules: AsarRules): AsarAudit {
  const violations: string[] = [];
  const paths = new Set(entries.map((e) => e.path));
  const mainEntry = rules.mainEntry.replace(/^\.\//, '');

  if (!paths.has('package.json')) violations.push('package.json is missing from app.asar');
  if (!paths.has(mainEntry)) violations.push(`the main entry "${mainEntry}" (package.json "main") is missing from app.asar`);
  for (const folder of REQUIRED_OUT_FOLDERS) {
    if (!entries.some((e) => e.path.startsWith(`${folder}/`))) violations.push(`${folder}/ is missing or empty in app.asar`);
  }

  const packages = new Set<string>();
  for (const { path } of entries) {
    const pkg = packageOf(path);
    if (pkg) packages.add(pkg);
    const topLevel = path.split('/')[0]!;
    if (!pkg && !['package.json', 'out', 'node_modules'].includes(topLevel)) {
      const reason = FORBIDDEN_PREFIXES.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'not part of the built app';
      violations.push(`${path} must not be packed (${reason})`);
      continue;
    }
    if (topLevel === 'out' && !REQUIRED_OUT_FOLDERS.some((f) => path.startsWith(`${f}/`))) {
      violations.push(`${path} must not be packed (only out/main, out/preload and out/renderer belong in the app)`);
      continue;
    }
    const name = path.split('/').pop()!;
    if (/\.(ts|mts|cts|tsx|vue)$/.test(name) && !/\.d\.[mc]?ts$/.test(name)) violations.push(`${path} is a source file`);
    else if (/\.d\.[mc]?ts$/.test(name) && !pkg) violations.push(`${path} is a type declaration`);
    else if (/\.map$/.test(name) && !pkg) violations.push(`${path} is a source map (it would ship the sources)`);
    else if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(name) && !pkg) violations.push(`${path} is a test`);
    else if (!pkg && FORBIDDEN_CONFIG.test(name)) violations.push(`${path} is build or dev configuration`);
  }
  for (const pkg of [...packages].sort()) {
    if (FORBIDDEN_PACKAGES.test(pkg)) violations.push(`node_modules/${pkg} is a dev tool or server-only package`);
    else if (!rules.allowedPackages.has(pkg)) violations.push(`node_modules/${pkg} is not a production dependency of the desktop app`);
  }
  return { groups: groupEntries(entries), packages: [...packages].sort(), violations };
}

/**
 * npm run dist:check — packages the desktop app as a Linux `dir` build with electron-builder
 * (using a stand-in Electron folder, since the real binary cannot be downloaded here), then
 * audits the result: app.asar contents (built app + production dependencies only), keytar's
 * unpacked native addon, the fuses flipped into the executable, and the archive size.
 * Exits non-zero with one sentence per violation. Needs `npm run build` output in out/.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { arch as hostArch } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import asar from '@electron/asar';
import builder from 'electron-builder';
import { parse } from 'yaml';
import { listAsarEntries } from './dist-check/asar-entries.js';
import { auditAsar, REQUIRED_OUT_FOLDERS } from './dist-check/asar-audit.js';
import { auditFuses } from './dist-check/fuse-audit.js';
import { productionDependencyClosure } from './dist-check/prod-dependencies.js';
import { writeStubElectronDist } from './dist-check/stub-electron.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = 'dist/check';

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const fail = (message: string): never => {
  console.error(`dist:check FAILED: ${message}`);
  process.exit(1);
};

/** Total size of the files under a folder. */
function folderSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

async function main(): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main?: string };
  if (!pkg.main) fail('package.json has no "main" entry.');
  for (const folder of REQUIRED_OUT_FOLDERS) {
    if (!existsSync(join(ROOT, folder))) fail(`${folder}/ does not exist. Run "npm run build" first.`);
  }
  const builderConfig = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, boolean>; linux?: { executableName?: string } };
  const electronVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

  const stubDir = join(ROOT, 'node_modules/.cache/rms-dist-check/electron-dist');
  writeStubElectronDist(stubDir, electronVersion);
  rmSync(join(ROOT, OUTPUT), { recursive: true, force: true });

  const { build, Platform, Arch } = builder;
  const arch = hostArch() === 'arm64' ? Arch.arm64 : Arch.x64;
  console.log(`== electron-builder: Linux dir build (Electron ${electronVersion}, stand-in binary) ==`);
  await build({
    projectDir: ROOT,
    targets: Platform.LINUX.createTarget('dir', arch),
    publish: 'never',
    config: {
      extends: 'electron-builder.yml',
      electronDist: stubDir,
      electronVersion,
      // Offline here: Electron's headers cannot be fetched. keytar is N-API, so the binary built
      // by `npm ci` loads in Electron unchanged; `npm run dist` keeps the rebuild on.
      npmRebuild: false,
      directories: { output: OUTPUT },
    },
  });

  const appOutDir = readdirSync(join(ROOT, OUTPUT)).map((d) => join(ROOT, OUTPUT, d)).find((d) => /linux(-\w+)?-unpacked$/.test(d));
  if (!appOutDir) return fail(`electron-builder produced no linux-unpacked folder in ${OUTPUT}/.`);
  const asarPath = join(appOutDir, 'resources', 'app.asar');
  const unpackedDir = `${asarPath}.unpacked`;
  if (!existsSync(asarPath)) return fail(`${relative(ROOT, asarPath)} was not produced.`);

  const entries = listAsarEntries(asar.getRawHeader(asarPath).header);
  const audit = auditAsar(entries, { mainEntry: pkg.main!, allowedPackages: productionDependencyClosure(ROOT) });
  const violations = [...audit.violations];

  const natives = entries.filter((e) => e.path.endsWith('.node'));
  const keytarNative = natives.filter((e) => e.path.startsWith('node_modules/keytar/'));
  if (keytarNative.length === 0) violations.push("keytar's native addon (node_modules/keytar/**/*.node) is not in the package");
  for (const native of natives) {
    if (!native.unpacked) violations.push(`${native.path} is packed inside app.asar; native addons must be in app.asar.unpacked`);
    else if (!existsSync(join(unpackedDir, native.path))) violations.push(`${native.path} is marked unpacked but missing from app.asar.unpacked/`);
  }

  const executable = join(appOutDir, builderConfig.linux?.executableName ?? 'rms-console');
  const fuses = await auditFuses(executable, builderConfig.electronFuses ?? {});
  violations.push(...fuses.violations);

  const asarBytes = statSync(asarPath).size;
  const unpackedBytes = existsSync(unpackedDir) ? folderSize(unpackedDir) : 0;
  console.log('\n== app.asar contents ==');
  for (const group of audit.groups) console.log(`  ${group.name.padEnd(16)} ${String(group.files).padStart(5)} files  ${mib(group.bytes).padStart(10)}`);
  console.log(`  production packages (${audit.packages.length}): ${audit.packages.join(', ') || 'none'}`);
  console.log('== app.asar.unpacked ==');
  for (const native of natives) console.log(`  ${native.path} (${native.size} bytes)`);
  console.log('== fuses in the packaged executable ==');
  for (const row of fuses.rows) console.log(`  ${row.key.padEnd(40)} ${String(row.actual).padEnd(6)} ${row.actual === row.expected ? 'ok' : `EXPECTED ${String(row.expected)}`}`);
  console.log(`== size ==\n  app.asar: ${asarBytes} bytes (${mib(asarBytes)}), ${entries.length} files; app.asar.unpacked: ${mib(unpackedBytes)}`);

  if (violations.length > 0) {
    console.error(`\ndist:check FAILED with ${violations.length} violation(s):`);
    for (const v of violations) console.error(`  - ${v}`);
    process.exit(1);
  }
  console.log(`\ndist:check passed: ${relative(ROOT, asarPath)} is ${mib(asarBytes)} with ${entries.length} files, all rules hold.`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));

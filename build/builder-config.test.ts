import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Proves the packaging promises by reading the checked-in electron-builder configuration, both
 * as written (YAML) and as electron-builder itself resolves and schema-validates it.
 */
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const require = createRequire(import.meta.url);

type Config = Record<string, unknown> & { electronFuses?: Record<string, boolean> };
interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, debugLogger: unknown): Promise<void>;
}
const builderConfig = require('app-builder-lib/out/util/config/config.js') as BuilderConfigModule;
const { DebugLogger } = require('builder-util') as { DebugLogger: new () => unknown };

const rawYaml = (file: string): Config => parse(readFileSync(join(ROOT, file), 'utf8')) as Config;
const section = (config: Config, key: string): Record<string, unknown> => (config[key] ?? {}) as Record<string, unknown>;

/** The shipped fuse settings: every Electron V1 fuse set explicitly. */
const SHIPPED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
};

describe('electron-builder.yml', () => {
  let raw: Config;
  let effective: Config;
  let e2e: Config;

  beforeAll(async () => {
    raw = rawYaml('electron-builder.yml');
    effective = await builderConfig.getConfig(ROOT, 'electron-builder.yml', null);
    e2e = await builderConfig.getConfig(ROOT, 'electron-builder.e2e.yml', null);
  });

  it('passes electron-builder’s own schema validation (shipping and e2e configs)', async () => {
    await expect(builderConfig.validateConfiguration(effective, new DebugLogger())).resolves.toBeUndefined();
    await expect(builderConfig.validateConfiguration(e2e, new DebugLogger())).resolves.toBeUndefined();
  });

  it('names the app and writes to dist/', () => {
    expect(raw.appId).toBe('com.rmsconsole.desktop');
    expect(raw.productName).toBe('RMS Console');
    expect(section(raw, 'directories').output).toBe('dist');
  });

  it('sets every fuse of the hardening rules in the shipped build', () => {
    expect(effective.electronFuses).toMatchObject(SHIPPED_FUSES);
  });

  it('turns on only the inspector fuse in the e2e test build, nothing else differs', () => {
    expect(e2e.electronFuses).toEqual({ ...effective.electronFuses, enableNodeCliInspectArguments: true });
    const strip = ({ electronFuses: _f, directories: _d, extends: _e, ...rest }: Config): Config => rest;
    expect(strip(e2e)).toEqual(strip(effective));
    expect(section(e2e, 'directories').output).not.toBe(section(effective, 'directories').output);
  });

  it('packs only the built app: out/main, out/preload, out/renderer and package.json', () => {
    const files = raw.files as string[];
    const included = files.filter((p) => !p.startsWith('!'));
    expect(included.sort()).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']);
    for (const forbidden of ['server', 'e2e', 'shared', 'renderer', 'electron', 'docs', 'scripts', 'bench', 'src']) {
      expect(included.some((p) => p.startsWith(forbidden))).toBe(false);
    }
    expect(files).toContain('!**/*.map');
    expect(files).toContain('!**/*.{ts,mts,cts,tsx,vue}');
    expect(files).toContain('!**/*.{test,spec}.*');
  });

  it('unpacks keytar’s native addon from the asar and rebuilds natives for Electron', () => {
    expect(raw.asar).toBe(true);
    expect(raw.asarUnpack).toContain('**/node_modules/keytar/**/*.node');
    expect(raw.npmRebuild).toBe(true);
  });

  it('builds the installers of all three platforms', () => {
    expect(section(raw, 'linux').target).toEqual(['AppImage', 'deb', 'rpm', 'tar.gz']);
    expect(section(raw, 'win').target).toEqual(['nsis', 'msi']);
    expect(section(raw, 'mac').target).toEqual(['dmg', 'zip']);
    const linux = section(raw, 'linux');
    expect(linux.category).toBeTruthy();
    expect(linux.maintainer).toMatch(/<[^>]+@[^>]+>/);
    expect((linux.desktop as { entry: Record<string, string> }).entry.Name).toBe('RMS Console');
    expect(section(raw, 'deb').depends).toContain('libsecret-1-0');
    expect(section(raw, 'rpm').depends).toContain('libsecret');
  });

  it('ships an AppArmor profile with the .deb that lets only the installed binary create user namespaces (Ubuntu 24.04+)', () => {
    const deb = section(raw, 'deb');
    expect(deb.appArmorProfile).toBe('build/linux/apparmor-profile.tpl');
    // Rendered with the names electron-builder gives the install (executableName, sanitized productName).
    const profile = readFileSync(join(ROOT, deb.appArmorProfile as string), 'utf8')
      .replaceAll('${executable}', String(section(raw, 'linux').executableName))
      .replaceAll('${sanitizedProductName}', String(raw.productName));
    const rules = profile.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
    expect(rules).toEqual([
      'abi <abi/4.0>,',
      'include <tunables/global>',
      'profile rms-console "/opt/RMS Console/rms-console" flags=(unconfined) {',
      '  userns,',
      '  include if exists <local/rms-console>',
      '}',
    ]);
    // electron-builder's own post-install/removal scripts put it in place and take it away again.
    expect(deb.afterInstall).toBeUndefined();
    expect(deb.afterRemove).toBeUndefined();
    const templates = join(dirname(require.resolve('app-builder-lib/package.json')), 'templates/linux');
    expect(readFileSync(join(templates, 'after-install.tpl'), 'utf8')).toMatch(/resources\/apparmor-profile[\s\S]*\/etc\/apparmor\.d\/\$\{executable\}[\s\S]*apparmor_parser --replace/);
    expect(readFileSync(join(templates, 'after-remove.tpl'), 'utf8')).toMatch(/apparmor_parser --remove/);
  });

  it('installs per user on Windows without asking for administrator rights; MSI is per machine for IT', () => {
    const nsis = section(raw, 'nsis');
    expect(nsis.perMachine).toBe(false);
    expect(nsis.oneClick).toBe(true);
    expect(nsis.allowElevation).toBe(false);
    expect(nsis.packElevateHelper).toBe(false);
    const msi = section(raw, 'msi');
    expect(msi.perMachine).toBe(true);
    expect(msi.upgradeCode).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('signs macOS builds with the hardened runtime and minimal entitlements; notarization is left to the environment', () => {
    const mac = section(raw, 'mac');
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.notarize).toBeUndefined();
    for (const key of ['entitlements', 'entitlementsInherit']) {
      const plist = readFileSync(join(ROOT, mac[key] as string), 'utf8');
      expect(plist).toContain('com.apple.security.cs.allow-jit');
      expect(plist).not.toMatch(/disable-library-validation|allow-dyld-environment-variables|get-task-allow/);
    }
  });

  it('registers no protocol handler and no file association on any platform', () => {
    for (const config of [raw, effective]) {
      for (const scope of [config, ...['linux', 'win', 'mac', 'nsis', 'msi', 'deb', 'rpm', 'dmg'].map((k) => section(config, k))]) {
        expect(scope.protocols ?? null).toBeNull();
        expect(scope.fileAssociations ?? null).toBeNull();
      }
    }
  });

  it('points at icons that exist', () => {
    for (const icon of [section(raw, 'win').icon, section(raw, 'mac').icon, section(raw, 'linux').icon]) {
      expect(existsSync(join(ROOT, icon as string))).toBe(true);
    }
  });

  it('holds no signing or notarization secret', () => {
    const text = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    const keys = JSON.stringify(raw);
    expect(keys).not.toMatch(/"(cscLink|cscKeyPassword|certificatePassword|certificateFile|appleId|appleIdPassword|teamId|password)"/i);
    expect(text).not.toMatch(/-----BEGIN|[A-Za-z0-9+/]{80,}/);
  });
});

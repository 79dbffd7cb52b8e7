import { describe, expect, it } from 'vitest';
import { auditAsar, groupEntries, packageOf } from './asar-audit.js';
import { listAsarEntries } from './asar-entries.js';
import { compareFuses } from './fuse-audit.js';
import type { AsarEntry } from './asar-entries.js';

const file = (path: string, size = 10, unpacked = false): AsarEntry => ({ path, size, unpacked });
const GOOD: AsarEntry[] = [
  file('package.json'),
  file('out/main/index.js', 1000),
  file('out/preload/index.cjs'),
  file('out/renderer/index.html'),
  file('out/renderer/assets/index-abc.js', 5000),
  file('node_modules/keytar/package.json'),
  file('node_modules/keytar/build/Release/keytar.node', 100_000, true),
  file('node_modules/@scope/lib/index.js'),
  file('node_modules/@scope/lib/index.d.ts'),
];
const rules = { mainEntry: 'out/main/index.js', allowedPackages: new Set(['keytar', '@scope/lib']) };

describe('auditAsar', () => {
  it('accepts the built app with its production dependencies', () => {
    const audit = auditAsar(GOOD, rules);
    expect(audit.violations).toEqual([]);
    expect(audit.packages).toEqual(['@scope/lib', 'keytar']);
  });

  it('flags a missing main entry, package.json or out/ folder', () => {
    const audit = auditAsar(GOOD.filter((e) => !e.path.startsWith('out/preload') && e.path !== 'package.json' && e.path !== 'out/main/index.js'), rules);
    expect(audit.violations).toEqual(
      expect.arrayContaining([
        'package.json is missing from app.asar',
        'the main entry "out/main/index.js" (package.json "main") is missing from app.asar',
        'out/preload/ is missing or empty in app.asar',
      ]),
    );
  });

  it('flags repository folders, sources, maps, tests and dev configuration', () => {
    const audit = auditAsar(
      [
        ...GOOD,
        file('server/src/index.ts'),
        file('e2e/sign-in.spec.ts'),
        file('test-kit/src/totp.ts'),
        file('out/web/index.html'),
        file('out/main/index.js.map'),
        file('out/main/util.test.js'),
        file('out/renderer/App.vue'),
        file('electron-builder.yml'),
        file('out/main/tsconfig.json'),
      ],
      rules,
    );
    expect(audit.violations).toEqual([
      'server/src/index.ts must not be packed (the backend workspace)',
      'e2e/sign-in.spec.ts must not be packed (the e2e suites)',
      'test-kit/src/totp.ts must not be packed (the test kit workspace)',
      'out/web/index.html must not be packed (only out/main, out/preload and out/renderer belong in the app)',
      'out/main/index.js.map is a source map (it would ship the sources)',
      'out/main/util.test.js is a test',
      'out/renderer/App.vue is a source file',
      'electron-builder.yml must not be packed (not part of the built app)',
      'out/main/tsconfig.json is build or dev configuration',
    ]);
  });

  it('flags dev tools, server packages, the shared workspace and anything outside the production closure', () => {
    const audit = auditAsar(
      [...GOOD, file('node_modules/vitest/index.js'), file('node_modules/@rms/shared/src/index.ts'), file('node_modules/@rms/test-kit/package.json'), file('node_modules/fastify/x.js'), file('node_modules/left-pad/index.js')],
      rules,
    );
    expect(audit.violations).toEqual([
      'node_modules/@rms/shared/src/index.ts is a source file',
      'node_modules/@rms/shared is a dev tool or server-only package',
      'node_modules/@rms/test-kit is a dev tool or server-only package',
      'node_modules/fastify is a dev tool or server-only package',
      'node_modules/left-pad is not a production dependency of the desktop app',
      'node_modules/vitest is a dev tool or server-only package',
    ]);
  });
});

describe('asar listing helpers', () => {
  it('names the package a node_modules path belongs to', () => {
    expect(packageOf('node_modules/@a/b/lib/x.js')).toBe('@a/b');
    expect(packageOf('node_modules/keytar/build/Release/keytar.node')).toBe('keytar');
    expect(packageOf('out/main/index.js')).toBeNull();
  });

  it('groups files by top-level folder with counts and bytes', () => {
    expect(groupEntries(GOOD).map((g) => [g.name, g.files, g.bytes])).toEqual([
      ['node_modules/', 4, 100_030],
      ['out/main', 1, 1000],
      ['out/preload', 1, 10],
      ['out/renderer', 2, 5010],
      ['package.json', 1, 10],
    ]);
  });

  it('flattens an asar header, keeping the unpacked flag and skipping symlinks', () => {
    const header = {
      files: {
        'package.json': { size: 42, offset: '0' },
        out: { files: { main: { files: { 'index.js': { size: 7, offset: '42' } } } } },
        node_modules: { files: { keytar: { files: { 'keytar.node': { size: 9, unpacked: true }, link: { link: 'x' } } } } },
      },
    };
    expect(listAsarEntries(header)).toEqual([
      { path: 'node_modules/keytar/keytar.node', size: 9, unpacked: true },
      { path: 'out/main/index.js', size: 7, unpacked: false },
      { path: 'package.json', size: 42, unpacked: false },
    ]);
  });
});

describe('compareFuses', () => {
  const wire = (states: string): Record<number, number> => Object.fromEntries([...states].map((c, i) => [i, c.charCodeAt(0)]));
  const config = {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  };

  it('passes when the binary carries the configured fuses', () => {
    expect(compareFuses(config, wire('01001100')).violations).toEqual([]);
  });

  it('reports a fuse left at Electron’s default and a fuse missing from the config', () => {
    const { runAsNode: _omitted, ...partial } = config;
    const { violations } = compareFuses(partial, wire('11001100'));
    expect(violations).toEqual(['fuse runAsNode is not set in the build config']);
    expect(compareFuses(config, wire('10110001')).violations).toContain('fuse runAsNode is true in the packaged binary, config says false');
  });
});

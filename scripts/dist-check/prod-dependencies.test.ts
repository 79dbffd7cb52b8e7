import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { productionDependencyClosure } from './prod-dependencies.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('productionDependencyClosure', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rms-closure-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const pkg = (at: string, json: object): void => {
    mkdirSync(at, { recursive: true });
    writeFileSync(join(at, 'package.json'), JSON.stringify(json));
  };

  it('follows dependencies, nested installs, installed optionals and required peers; skips dev, missing and optional peers', () => {
    pkg(dir, { dependencies: { a: '1' }, devDependencies: { dev: '1' }, optionalDependencies: { 'not-installed': '1' } });
    pkg(join(dir, 'node_modules/a'), { dependencies: { b: '1' }, peerDependencies: { peer: '1', 'opt-peer': '1' }, peerDependenciesMeta: { 'opt-peer': { optional: true } } });
    pkg(join(dir, 'node_modules/a/node_modules/b'), { dependencies: { c: '1' } });
    pkg(join(dir, 'node_modules/c'), {});
    pkg(join(dir, 'node_modules/peer'), {});
    pkg(join(dir, 'node_modules/opt-peer'), {});
    pkg(join(dir, 'node_modules/dev'), {});
    expect([...productionDependencyClosure(dir)].sort()).toEqual(['a', 'b', 'c', 'peer']);
  });

  it('keeps the desktop app’s packaged set to the main-process runtime (no renderer libs, workspace or server packages)', () => {
    const closure = productionDependencyClosure(ROOT);
    for (const needed of ['axios', 'keytar', 'zod']) expect(closure.has(needed)).toBe(true);
    for (const bundled of ['vue', 'pinia', 'vue-router', '@rms/shared', '@rms/server', 'fastify', 'pg', 'electron']) expect(closure.has(bundled)).toBe(false);
  });
});

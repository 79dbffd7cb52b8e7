import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(tmpdir(), 'rms-eng-gate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the real gate (scripts/electronegativity.ts) over a folder; resolves with its exit code and output. */
async function gate(folder: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['scripts/electronegativity.ts', folder], { cwd: root });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('electronegativity gate', () => {
  it('fails on a finding that build/electronegativity-justifications.json does not explain', async () => {
    const out = path.join(work, 'out');
    mkdirSync(path.join(out, 'main'), { recursive: true });
    // A window with the sandbox turned off, in the file the real justifications cover.
    writeFileSync(
      path.join(out, 'main/index.js'),
      `import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: false, nodeIntegration: false } });\n`,
    );
    const { code, output } = await gate(out);
    expect(code).toBe(1);
    expect(output).toMatch(/UNJUSTIFIED SANDBOX_JS_CHECK .*main\/index\.js:2/);
    expect(output).toContain('electronegativity FAILED');
  }, 60_000);
});

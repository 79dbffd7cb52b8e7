import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Rollup } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import { inlineEntryStylesheet } from './inline-entry-stylesheet.js';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Builds a page whose entry imports a stylesheet and lazily a module with a stylesheet of its own. */
async function buildPage(): Promise<Rollup.OutputBundle[string][]> {
  dir = await mkdtemp(join(tmpdir(), 'inline-css-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><script type="module" src="./main.js"></script></body></html>');
  await writeFile(join(dir, 'main.js'), "import './main.css';\ndocument.body.dataset.ready = '1';\nvoid import('./lazy.js');\n");
  await writeFile(join(dir, 'main.css'), 'body { color: rgb(1, 2, 3); }\n');
  await writeFile(join(dir, 'lazy.js'), "import './lazy.css';\nexport const lazy = 1;\n");
  await writeFile(join(dir, 'lazy.css'), '.lazy { color: rgb(4, 5, 6); }\n');
  const output = (await build({ configFile: false, root: dir, base: './', logLevel: 'silent', plugins: [inlineEntryStylesheet()], build: { write: false, minify: false } })) as Rollup.RollupOutput;
  return output.output;
}

describe('inlineEntryStylesheet (renderer build)', () => {
  it("puts the entry's stylesheet into index.html and leaves a lazy module's stylesheet a file", async () => {
    const files = await buildPage();
    const html = files.find((f) => f.fileName === 'index.html');
    const source = html?.type === 'asset' ? String(html.source) : '';
    expect(source).toMatch(/<style>[^<]*color: rgb\(1, 2, 3\)[^<]*<\/style>/);
    expect(source).not.toContain('rel="stylesheet"');
    expect(source).toMatch(/<script type="module"[^>]* src="\.\/assets\/index-[^"]+\.js"><\/script>/);
    const css = files.filter((f) => f.fileName.endsWith('.css'));
    expect(css.map((f) => (f.type === 'asset' ? String(f.source) : ''))).toEqual([expect.stringContaining('rgb(4, 5, 6)')]);
  });
});

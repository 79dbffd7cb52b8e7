import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPagesCsp, CONTENT_SECURITY_POLICY, entryPreloadLink, pageModuleScripts, pageScriptSrc } from '../../electron/main/app-pages/app-origin.js';
import { cspHashSource, loaderScript, strictCspHtml } from './strict-csp.js';

/** index.html as Vite emits it for the renderer (renderer/index.html + the built entry). */
const BUILT = `<!doctype html>
<html lang="en">
  <head>
    <meta
      http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'"
    />
    <title>start</title>
    <script type="module" crossorigin src="./assets/index-abc.js"></script>
    <link rel="modulepreload" crossorigin href="./assets/vendor-def.js">
    <link rel="stylesheet" crossorigin href="./assets/index-123.css">
  </head>
  <body>
    <div id="app"></div>
  </body>
</html>`;

describe('strict CSP of the built page (build/tools/strict-csp.ts)', () => {
  it('replaces the module entry by a hashed loader and script-src by its hash and strict-dynamic', () => {
    const html = strictCspHtml(BUILT);
    const loader = loaderScript('./assets/index-abc.js', ['./assets/vendor-def.js']);
    expect(html).toContain(`<script>${loader}</script>`);
    expect(html).not.toContain('type="module"');
    expect(html).not.toContain('rel="modulepreload"');
    expect(html).toContain('<link rel="stylesheet" crossorigin href="./assets/index-123.css">');
    expect(pageScriptSrc(html)).toBe(`${cspHashSource(loader)} 'strict-dynamic'`);
    expect(html).not.toContain("script-src 'self'");
  });

  it('the header policy of both hosts carries the page script-src; a page without one gets self', () => {
    const html = strictCspHtml(BUILT);
    expect(appPagesCsp(html)).toContain(`script-src ${pageScriptSrc(html)};`);
    expect(appPagesCsp(html)).toContain("frame-ancestors 'none'");
    expect(appPagesCsp('<html><head></head></html>')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('both hosts preload the module scripts the loader creates with a Link header; a page without a loader gets none', () => {
    const html = strictCspHtml(BUILT);
    expect(pageModuleScripts(html)).toEqual(['./assets/vendor-def.js', './assets/index-abc.js']);
    expect(entryPreloadLink(html)).toBe('<./assets/vendor-def.js>; rel=modulepreload; crossorigin, <./assets/index-abc.js>; rel=modulepreload; crossorigin');
    expect(entryPreloadLink(BUILT)).toBeNull();
  });

  it('fails the build on a page of another shape', () => {
    expect(() => strictCspHtml(BUILT.replace(/<script type="module"[^\n]*\n/, ''))).toThrow(/one module entry/);
    expect(() => strictCspHtml(BUILT.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"))).toThrow(/script-src 'self'/);
  });
});

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The attack: an HTML injection puts `<script src>` of a file of the app's own origin into the
 * page (any JS file the origin serves is a gadget). Under `script-src 'self'` it runs; under the
 * hashed loader with 'strict-dynamic' only the loader, the entry it creates and what that imports
 * (statically and with import()) run. Served as both hosts serve: header and meta policies.
 */
describe.skipIf(!existsSync(chromiumPath))('strict CSP in real Chromium', () => {
  let dir: string;
  let server: Server;
  let base: string;
  let pages: Record<string, { html: string; csp: string }>;
  const requested: string[] = [];
  const waiting = new Map<string, () => void>();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rms-strict-csp-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets/vendor-def.js'), 'export const vendor = "vendor";\n');
    writeFileSync(
      path.join(dir, 'assets/index-abc.js'),
      'import { vendor } from "./vendor-def.js";\nimport("./lazy-ghi.js").then((m) => { document.title = `app:${vendor}:${m.lazy}`; });\n',
    );
    writeFileSync(path.join(dir, 'assets/lazy-ghi.js'), 'export const lazy = "lazy";\n');
    writeFileSync(path.join(dir, 'assets/gadget.js'), 'window.gadgetRan = true;\n');
    const injected = (html: string) => html.replace('<div id="app"></div>', '<div id="app"></div><script src="./assets/gadget.js"></script>');
    const strict = injected(strictCspHtml(BUILT));
    const self = injected(BUILT);
    pages = { '/strict.html': { html: strict, csp: appPagesCsp(strict) }, '/self.html': { html: self, csp: appPagesCsp(self) } };
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requested.push(url.pathname);
      for (const [file, arrived] of waiting) if (url.pathname.endsWith(file)) arrived();
      const page = pages[url.pathname];
      const link = page && entryPreloadLink(page.html);
      const headers = { 'Content-Type': 'text/html', 'Content-Security-Policy': page?.csp ?? '', ...(link ? { Link: link } : {}) };
      if (page && url.searchParams.has('held')) {
        // The page up to its loader, then the rest only once the entry has been requested.
        const cut = page.html.indexOf('<script>');
        res.writeHead(200, headers).write(page.html.slice(0, cut));
        return void new Promise<void>((arrived) => waiting.set('/assets/index-abc.js', arrived)).then(() => res.end(page.html.slice(cut)));
      }
      if (page) return void res.writeHead(200, headers).end(page.html);
      readFile(path.join(dir, path.normalize(url.pathname))).then(
        (body) => res.writeHead(200, { 'Content-Type': url.pathname.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(body),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    writeFileSync(path.join(dir, 'assets/index-123.css'), 'body { margin: 0 }\n');
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the app (entry, its static and dynamic imports) and refuses an injected same-origin script', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    try {
      const visit = async (name: string) => {
        const page = await browser.newPage();
        const refused: string[] = [];
        page.on('console', (message) => {
          if (/Content Security Policy/.test(message.text())) refused.push(message.text());
        });
        await page.goto(`${base}/${name}`);
        await page.waitForFunction(() => document.title.startsWith('app:'));
        const gadgetRan = await page.evaluate(() => (window as { gadgetRan?: boolean }).gadgetRan === true);
        return { title: await page.title(), gadgetRan, refused };
      };
      const strict = await visit('strict.html');
      expect(strict.title).toBe('app:vendor:lazy');
      expect(strict.gadgetRan).toBe(false);
      // Refused by the header and by the meta policy; nothing of the app itself is refused.
      expect(strict.refused.length).toBeGreaterThan(0);
      for (const line of strict.refused) expect(line).toContain('gadget.js');
      // The entry was fetched once: the loader's script took the module the Link header preloaded.
      expect(requested.filter((p) => p === '/assets/index-abc.js')).toHaveLength(1);
      // Control: the policy this replaces lets the injected script run.
      const self = await visit('self.html');
      expect(self.title).toBe('app:vendor:lazy');
      expect(self.gadgetRan).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it("preloads the entry from the page's Link header before the parser reaches the loader (served as both hosts serve it)", async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      requested.length = 0;
      // The server holds the loader back until the entry is requested: only the header can ask for it first.
      await page.goto(`${base}/strict.html?held`);
      await page.waitForFunction(() => document.title.startsWith('app:'));
      expect(await page.title()).toBe('app:vendor:lazy');
      expect(requested.filter((p) => p === '/assets/index-abc.js')).toHaveLength(1);
    } finally {
      await browser.close();
    }
  });
});

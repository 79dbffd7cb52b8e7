// The renderer's first load against a bare Vue 3 + Pinia + vue-router app built by the same Vite
// in the same run: initial JS (the entry chunk and its static imports, gzip), what the entry chunk
// is made of (a module-size table), and the time until the sign-in form is on screen in headless
// Chromium (cold: a new browser context per run, 30 runs, the builds alternating; median, min and
// quartiles). The end point is the first contentful paint (Paint Timing: when the frame was
// presented) when the form's password field was already in the page, so both apps pay for their
// first style, layout and paint and nothing queued after it counts; the end of that frame's main
// thread work (the end point before) is printed too. The app is built twice, with the sign-in
// screen in the first chunk (as shipped) and as a lazy route, so the choice between them is
// measured. Prints figures; asserts nothing.
//
//   npx tsx bench/renderer-size.ts
//   RENDERER_RUNS=60 npx tsx bench/renderer-size.ts
//
// Each build goes to .tmp/bench/renderer-size/ (gitignored), never to out/. The pages are served
// by a static server on 127.0.0.1; the app's `window.rms` (the IPC bridge) is replaced by a stub
// that answers getInfo (a configured backend) and getState (signed out) at once and refuses
// anything else, so the figure is the renderer's own load up to the first frame with the form.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import type { Plugin, Rollup } from 'vite';
import { isMainModule, num, runStandalone } from './support/figures.js';
import type { Bench, Figure } from './support/figures.js';

const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, '.tmp/bench/renderer-size');
const RUNS = Number(process.env.RENDERER_RUNS ?? 30);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** electron-vite builds the renderer for the Chromium of the Electron it ships with (Electron 38). */
const TARGET = 'chrome140';

interface BuiltApp {
  name: string;
  dir: string;
  initialFiles: string[];
  initialGzip: number;
  initialRaw: number;
  /** Rendered bytes (before minification) of the entry chunk's modules, by package or source folder. */
  entryModules: [string, number][];
}

/** Who a module belongs to: its npm package, or its folder under renderer/src or shared/src. */
function moduleGroup(id: string): string {
  const clean = id.replace(/^\0/, '').replace(/\?.*$/, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(clean);
  if (pkg) return pkg[1]!;
  const own = /\/(renderer\/src|shared\/src)\/(?:([^/]+)\/)?/.exec(clean);
  if (own) return own[2] ? `${own[1]}/${own[2]}/` : `${own[1]}/ (root files)`;
  if (clean.includes('vite/') || clean.startsWith('vite')) return 'vite runtime';
  return clean.startsWith(WORK) ? 'bare app' : clean;
}

/** Records the first load of a build: the entry chunk, its static imports, and the entry's modules. */
function firstLoadReport(sink: { files: string[]; modules: [string, number][] }): Plugin {
  return {
    name: 'bench:first-load-report',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
      const entry = chunks.find((c) => c.isEntry);
      if (!entry) throw new Error('The build has no entry chunk.');
      const initial = new Set<string>();
      const visit = (file: string) => {
        if (initial.has(file)) return;
        initial.add(file);
        chunks.find((c) => c.fileName === file)?.imports.forEach(visit);
      };
      visit(entry.fileName);
      sink.files = [...initial];
      const groups = new Map<string, number>();
      for (const [id, info] of Object.entries(entry.modules)) {
        groups.set(moduleGroup(id), (groups.get(moduleGroup(id)) ?? 0) + info.renderedLength);
      }
      sink.modules = [...groups.entries()].sort((a, b) => b[1] - a[1]);
    },
  };
}

/** The shipped route table with the sign-in screen as a lazy route instead (the alternative measured). */
function lazySignIn(): Plugin {
  return {
    name: 'bench:lazy-sign-in',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('renderer/src/app-shell/routes.ts')) return null;
      const eager = "import SignInView from '../features/sign-in/SignInView.vue';";
      if (!code.includes(eager)) throw new Error('routes.ts no longer imports SignInView eagerly: update bench/renderer-size.ts.');
      return code.replace(eager, '').replace('component: SignInView,', "component: () => import('../features/sign-in/SignInView.vue'),");
    },
  };
}

async function viteBuild(name: string, root: string, plugins: Plugin[], minify: boolean | 'esbuild' | 'terser', define?: Record<string, string>): Promise<BuiltApp> {
  const dir = join(WORK, name);
  const sink = { files: [] as string[], modules: [] as [string, number][] };
  await build({
    configFile: false,
    root,
    define,
    base: './',
    logLevel: 'error',
    plugins: [...plugins, firstLoadReport(sink)],
    build: {
      outDir: dir,
      emptyOutDir: true,
      target: TARGET,
      minify,
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
      rollupOptions: { input: { index: join(root, 'index.html') } },
    },
  });
  let initialGzip = 0;
  let initialRaw = 0;
  for (const file of sink.files) {
    const code = await readFile(join(dir, file));
    initialRaw += code.length;
    initialGzip += gzipSync(code).length;
  }
  return { name, dir, initialFiles: sink.files, initialGzip, initialRaw, entryModules: sink.modules };
}

/** The app's renderer with the settings of electron.vite.config.ts (plugins, define, minify), into WORK. */
async function buildApp(name: string, extra: Plugin[]): Promise<BuiltApp> {
  // Loaded at run time: the config is the app's, outside this workspace's TypeScript project.
  const config = (await import(pathToFileURL(join(ROOT, 'electron.vite.config.ts')).href)) as {
    default: { renderer: { root: string; plugins: Plugin[]; define?: Record<string, string>; build?: { minify?: boolean | 'esbuild' | 'terser' } } };
  };
  const renderer = config.default.renderer;
  // electron-vite's own default for the renderer is minify: false; the config decides.
  return viteBuild(name, renderer.root, [...extra, ...renderer.plugins], renderer.build?.minify ?? false, renderer.define);
}

/** A bare Vue 3 + Pinia + vue-router app with one sign-in form, generated here and built minified. */
async function buildBare(): Promise<BuiltApp> {
  const src = join(WORK, 'bare-src');
  await rm(src, { recursive: true, force: true });
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>Bare</title></head><body><div id="app"></div><script type="module" src="./main.ts"></script></body></html>\n');
  await writeFile(
    join(src, 'main.ts'),
    [
      "import { createApp } from 'vue';",
      "import { createPinia, defineStore } from 'pinia';",
      "import { createRouter, createWebHashHistory } from 'vue-router';",
      "import App from './App.vue';",
      "import SignIn from './SignIn.vue';",
      "export const useAuth = defineStore('auth', { state: () => ({ email: '' }) });",
      "const router = createRouter({ history: createWebHashHistory(), routes: [{ path: '/', component: SignIn }] });",
      "createApp(App).use(createPinia()).use(router).mount('#app');",
      '',
    ].join('\n'),
  );
  await writeFile(join(src, 'App.vue'), '<template><main><RouterView /></main></template>\n');
  await writeFile(
    join(src, 'SignIn.vue'),
    [
      '<script setup lang="ts">',
      "import { ref } from 'vue';",
      "import { useAuth } from './main';",
      'const auth = useAuth();',
      "const password = ref('');",
      '</script>',
      '<template>',
      '  <form @submit.prevent><h1>Sign in</h1>',
      '    <label>Email <input v-model="auth.email" type="email" autocomplete="username" /></label>',
      '    <label>Password <input v-model="password" type="password" autocomplete="current-password" /></label>',
      '    <button type="submit">Sign in</button></form>',
      '</template>',
      '',
    ].join('\n'),
  );
  return viteBuild('bare', src, [vue()], 'esbuild');
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };

/** The headers both hosts send with the app's index.html (electron/main/app-pages/app-origin.ts). */
interface AppOrigin {
  appPagesCsp(indexHtml: string): string;
  entryPreloadLink(indexHtml: string): string | null;
}

/**
 * Serves the builds' folders from 127.0.0.1 (`/<name>/...`). The app's index.html (a page with the
 * hashed loader) comes with the headers the hosts send with it: the Content-Security-Policy and the
 * Link header preloading its module entry; the bare app's has none (it has no policy).
 */
async function staticServer(): Promise<{ url: string; close(): Promise<void> }> {
  // Loaded at run time, like the renderer's config: the hosts' code is outside this workspace's TypeScript project.
  const origin = (await import(pathToFileURL(join(ROOT, 'electron/main/app-pages/app-origin.ts')).href)) as AppOrigin;
  const pageHeaders = (html: string): Record<string, string> => {
    const link = origin.entryPreloadLink(html);
    return link ? { 'content-security-policy': origin.appPagesCsp(html), link } : {};
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolve(WORK, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (!file.startsWith(WORK)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => {
        const page = extname(file) === '.html' ? pageHeaders(body.toString('utf8')) : {};
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...page }).end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

/**
 * Runs in the page before any of its scripts: the IPC stub (the app's `window.rms`) and the marks,
 * in performance.now() ms:
 * - `__signInPresentedAt`: the first contentful paint (Paint Timing: the time the frame was
 *   presented) when the form's password field already existed in that frame, else null (a frame
 *   without the form painted first);
 * - `__signInPaintedAt`: the end of the first frame after the password field exists (a task posted
 *   from that frame's animation frame runs after its style, layout and paint, and after any task
 *   queued before it);
 * - `__signInFormAt`: that animation frame (the end point before 2026-12-01: the app focuses the
 *   screen's heading, which lays the page out before it; the bare app's first layout comes after).
 * `__signInDone` resolves when all three are known, so the harness waits without polling the page.
 */
const PAGE_SETUP = `(() => {
  const ok = (value) => Promise.resolve({ ok: true, value });
  const refuse = () => Promise.resolve({ ok: false, error: { code: 'unexpected_response', message: 'Not available in the bench.' } });
  const answers = {
    app: { getInfo: () => ok({ version: '0.0.0', platform: 'linux', backendUrl: 'https://rms.example.test', backendLocked: false, policyError: null, storage: { persistent: true }, host: 'browser-host' }) },
    auth: { getState: () => ok({ kind: 'signed_out' }) },
  };
  const namespace = (name) => new Proxy({}, { get: (_t, method) => answers[name]?.[method] ?? refuse });
  window.rms = new Proxy({ events: { on: () => () => undefined } }, { get: (t, name) => (name in t ? t[name] : namespace(name)) });
  let formSeenAt = null;
  let fcp = null;
  let painted = null;
  let done;
  window.__signInDone = new Promise((resolve) => { done = resolve; });
  const settle = () => {
    if (painted === null || fcp === null) return;
    window.__signInPresentedAt = fcp >= formSeenAt ? fcp : null;
    done();
  };
  new PerformanceObserver((list) => {
    const entry = list.getEntriesByName('first-contentful-paint')[0];
    if (entry) { fcp = entry.startTime; settle(); }
  }).observe({ type: 'paint', buffered: true });
  const seen = () => {
    if (!document.querySelector('input[type=password]')) return false;
    formSeenAt = performance.now();
    requestAnimationFrame(() => {
      window.__signInFormAt = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { painted = window.__signInPaintedAt = performance.now(); settle(); };
      channel.port2.postMessage(null);
    });
    return true;
  };
  const observer = new MutationObserver(() => { if (seen()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true });
})();`;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (at - low);
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** The end points of one cold load (ms from navigation start, per build): see PAGE_SETUP. */
type EndPoint = 'presented' | 'painted' | 'animationFrame';
type SignInTimes = Record<EndPoint, Map<string, number[]>>;

/** Quiet time after a new page is opened and before it navigates (the browser's own per-tab start-up work). */
const SETTLE_MS = 250;

/**
 * Cold loads (a new context each: empty cache), alternating between the builds; ms to the form,
 * per build. The harness does not poll the page while it loads (Playwright's waitForFunction
 * polls on every animation frame, in the page's main thread): it waits for the load event, then
 * for the page's own promise of the marks.
 */
async function timeToSignIn(apps: BuiltApp[]): Promise<SignInTimes> {
  const served = await staticServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  const times: SignInTimes = { presented: new Map(), painted: new Map(), animationFrame: new Map() };
  for (const series of Object.values(times)) for (const a of apps) series.set(a.name, []);
  const paintedBeforeForm = new Map<string, number>();
  try {
    for (let run = 0; run < RUNS + 1; run += 1) {
      const order = run % 2 === 0 ? apps : [...apps].reverse();
      for (const app of order) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.addInitScript(PAGE_SETUP);
        await new Promise((done) => setTimeout(done, SETTLE_MS));
        await page.goto(`${served.url}/${app.name}/index.html`);
        const at = await page.evaluate(async () => {
          const marks = globalThis as { __signInDone?: Promise<void>; __signInFormAt?: number; __signInPaintedAt?: number; __signInPresentedAt?: number | null };
          await marks.__signInDone;
          return { frame: marks.__signInFormAt!, painted: marks.__signInPaintedAt!, presented: marks.__signInPresentedAt ?? null };
        });
        // The first round warms the browser process itself (not the page's cache: each context is new).
        if (run > 0) {
          // A first paint without the form (never seen so far) counts the frame end instead.
          times.presented.get(app.name)!.push(at.presented ?? at.painted);
          times.painted.get(app.name)!.push(at.painted);
          times.animationFrame.get(app.name)!.push(at.frame);
          if (at.presented === null) paintedBeforeForm.set(app.name, (paintedBeforeForm.get(app.name) ?? 0) + 1);
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await served.close();
  }
  for (const [name, count] of paintedBeforeForm) {
    console.log(`${name}: in ${count} of ${RUNS} loads a frame without the form was painted first (the end of the form's first frame counts there)`);
  }
  return times;
}

function printModules(app: BuiltApp): void {
  const total = app.entryModules.reduce((t, [, n]) => t + n, 0);
  console.log(`\n${app.name}: what the entry chunk is made of (rendered bytes before minification, ${num(total / 1024, 1)} KB)`);
  for (const [group, bytes] of app.entryModules.slice(0, 14)) {
    console.log(`${num(bytes / 1024, 1).padStart(9)} KB ${num((100 * bytes) / total, 1).padStart(5)} %  ${group}`);
  }
}

async function run(): Promise<Figure[]> {
  await mkdir(WORK, { recursive: true });
  const app = await buildApp('app', []);
  const lazy = await buildApp('app-lazy-sign-in', [lazySignIn()]);
  const bare = await buildBare();
  console.log(`renderer-size: Vite builds for ${TARGET}, ${RUNS} cold loads each in headless Chromium (${CHROMIUM}), IPC stubbed`);
  for (const b of [app, lazy, bare]) {
    console.log(`${b.name.padEnd(18)} initial JS ${num(b.initialRaw / 1024, 1)} KB, gzip ${num(b.initialGzip / 1024, 1)} KB (${b.initialFiles.join(', ')})`);
  }
  printModules(app);
  const times = await timeToSignIn([app, lazy, bare]);
  const ms = (name: string) => median(times.presented.get(name)!);
  const best = (name: string) => Math.min(...times.presented.get(name)!);
  const paintedMs = (name: string) => median(times.painted.get(name)!);
  const paintedBest = (name: string) => Math.min(...times.painted.get(name)!);
  for (const [label, series] of [
    ['time to the sign-in form on screen (first contentful paint, the form in it)', times.presented],
    ['time to the end of the first frame with the form (a task posted from its animation frame)', times.painted],
    ['time to the first animation frame after the form exists', times.animationFrame],
  ] as const) {
    console.log(`\n${label}, median / min / quartiles of ${RUNS} cold loads (ms); ratio to bare (median, min):`);
    for (const [name, t] of series) {
      const b = series.get(bare.name)!;
      const ratio = name === bare.name ? '' : `  ${num(median(t) / median(b), 2)}×, ${num(Math.min(...t) / Math.min(...b), 2)}×`;
      console.log(`  ${name.padEnd(18)} ${num(median(t), 1)} / ${num(Math.min(...t), 1)} / ${num(quantile(t, 0.25), 0)}–${num(quantile(t, 0.75), 0)}${ratio}  [${t.map((x) => x.toFixed(0)).join(' ')}]`);
    }
  }
  // On a shared machine one figure can swing; a change of screen layout needs both to agree.
  const lazyWins = ms(lazy.name) < ms(app.name) * 0.95 && best(lazy.name) < best(app.name) * 0.95;
  const choice = lazyWins
    ? 'lazy is faster by more than 5 % in median and min: make it a lazy route'
    : 'keep it in the first chunk (lazy is not faster by more than 5 % in both median and min: its extra request costs what the smaller chunk saves)';
  console.log(`sign-in screen: ${choice}`);
  return [
    {
      figure: 'renderer initial JS, gzip / bare Vue 3 + Pinia + vue-router',
      value: `${num(app.initialGzip / 1024, 1)} KB`,
      baseline: `${num(bare.initialGzip / 1024, 1)} KB`,
      ratio: app.initialGzip / bare.initialGzip,
      goal: '≤ 1.5×',
    },
    {
      figure: 'time to the sign-in form on screen, headless Chromium, cold (first contentful paint with the form; median; min)',
      value: `${num(ms(app.name), 1)} ms; ${num(best(app.name), 1)} ms`,
      baseline: `${num(ms(bare.name), 1)} ms; ${num(best(bare.name), 1)} ms`,
      ratio: ms(app.name) / ms(bare.name),
      goal: '≤ 1.2×',
    },
    {
      figure: 'time to the end of the first frame with the form (median; min)',
      value: `${num(paintedMs(app.name), 1)} ms; ${num(paintedBest(app.name), 1)} ms`,
      baseline: `${num(paintedMs(bare.name), 1)} ms; ${num(paintedBest(bare.name), 1)} ms`,
      ratio: paintedMs(app.name) / paintedMs(bare.name),
      goal: '— (the end point before; counts tasks queued before the mark)',
    },
    {
      figure: 'sign-in screen lazy instead of in the first chunk (gzip; time)',
      value: `${num(lazy.initialGzip / 1024, 1)} KB; ${num(ms(lazy.name), 1)} ms`,
      baseline: `${num(app.initialGzip / 1024, 1)} KB; ${num(ms(app.name), 1)} ms`,
      ratio: ms(lazy.name) / ms(app.name),
      goal: 'lazy only if < 0.95× (median and min)',
    },
  ];
}

export const bench: Bench = { name: 'renderer-size', run };

if (isMainModule(import.meta.url)) await runStandalone(bench);

/**
 * A strict, hash-based Content-Security-Policy for the built renderer (build/tools, run by
 * electron.vite.config.ts on out/renderer/index.html).
 *
 * `script-src 'self'` lets any script file of the app's origin run when something manages to put
 * a `<script src>` into the page (an HTML injection needs no script of its own then). Instead, the
 * built page runs exactly one script the policy names by hash: a small inline loader that creates
 * the module entry (and its modulepreload links) with `document.createElement`. `'strict-dynamic'`
 * passes trust to what that loader creates and to what those modules import, and refuses every
 * script the HTML parser meets, whatever its origin. (A parser-inserted module entry carrying
 * `integrity`, allowed by its hash, was tried on 2026-12-02: in Chromium 156 it ran and its
 * dynamic imports (the lazy routes) loaded, but it was requested no earlier than the loader's
 * entry: the meta policy holds parser-visible preloads until the parser has applied it. The
 * hosts preload the entry with a `Link` header instead: electron/main/app-pages/app-origin.ts.)
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

const ENTRY_SCRIPT = /<script type="module" crossorigin src="([^"]+)"><\/script>\n?/g;
const MODULE_PRELOAD = /<link rel="modulepreload" crossorigin href="([^"]+)">\n?/g;
const SCRIPT_SRC_SELF = /script-src 'self'(?=;|")/;

/** `'sha256-…'` of a script's exact text, as a CSP hash source. */
export function cspHashSource(script: string | Buffer): string {
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

/** The inline loader: the modulepreload links, then the module entry, created by script. */
export function loaderScript(entry: string, preloads: readonly string[]): string {
  const links = JSON.stringify(preloads);
  return (
    `(()=>{const d=document;` +
    `for(const h of ${links}){const l=d.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=h;d.head.append(l)}` +
    `const s=d.createElement('script');s.type='module';s.crossOrigin='';s.src=${JSON.stringify(entry)};d.head.append(s)})()`
  );
}

/**
 * The built index.html with its module entry replaced by the hashed loader and the meta policy's
 * `script-src 'self'` replaced by `'sha256-<loader>' 'strict-dynamic'`. Throws (the build fails)
 * when the page is not the shape this expects: one module entry and a meta policy with
 * `script-src 'self'`.
 */
export function strictCspHtml(html: string): string {
  const entries = [...html.matchAll(ENTRY_SCRIPT)].map((m) => m[1]!);
  if (entries.length !== 1) throw new Error(`strict CSP: expected one module entry script in index.html, found ${entries.length}.`);
  if (!SCRIPT_SRC_SELF.test(html)) throw new Error("strict CSP: index.html has no meta Content-Security-Policy with script-src 'self' to replace.");
  const preloads = [...html.matchAll(MODULE_PRELOAD)].map((m) => m[1]!);
  const loader = loaderScript(entries[0]!, preloads);
  return html
    .replace(MODULE_PRELOAD, '')
    .replace(ENTRY_SCRIPT, `<script>${loader}</script>\n`)
    .replace(SCRIPT_SRC_SELF, `script-src ${cspHashSource(loader)} 'strict-dynamic'`);
}

/** Vite plugin: rewrites every emitted .html page with `strictCspHtml` once the bundle is final. */
export function strictCspPlugin(): Plugin {
  return {
    name: 'rms-strict-csp',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type === 'asset' && file.fileName.endsWith('.html')) {
          file.source = strictCspHtml(typeof file.source === 'string' ? file.source : Buffer.from(file.source).toString('utf8'));
        }
      }
    },
  };
}

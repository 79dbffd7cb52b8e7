/** The custom scheme app pages are served from (never file://). */
export const APP_SCHEME = 'app';
/** The host of the app's pages. */
export const APP_HOST = 'rms';
/** The origin of the app's pages. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window opens. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** `script-src` of a page without a hashed loader (the built renderer has one: build/tools/strict-csp.ts). */
export const SELF_SCRIPT_SRC = "'self'";

/**
 * The Content-Security-Policy of the app's pages, sent as a header on every answer. Its
 * `script-src` is the built page's own (the loader's hash and 'strict-dynamic', from the page's
 * meta policy): a header that allowed less would stop the page, one that allowed more would
 * loosen nothing (both policies apply) but would say less than what is enforced.
 */
export function contentSecurityPolicy(scriptSrc: string = SELF_SCRIPT_SRC): string {
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The policy of a page without a hashed loader. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

const META_POLICY = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i;

/** The `script-src` sources of a page's meta policy ("'sha256-…' 'strict-dynamic'"), or null when it has none. */
export function pageScriptSrc(html: string): string | null {
  const policy = META_POLICY.exec(html)?.[1];
  const directive = policy
    ?.split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('script-src '));
  return directive ? directive.slice('script-src '.length).trim() : null;
}

const LOADER_ENTRY = /s\.src=("[^"]+")/;
const LOADER_PRELOADS = /for\(const h of (\[[^\]]*\])\)/;

/**
 * The module scripts the built page's hashed loader creates (build/tools/strict-csp.ts): its
 * modulepreload links, then the entry; empty for a page without a loader.
 */
export function pageModuleScripts(html: string): string[] {
  const entry = LOADER_ENTRY.exec(html)?.[1];
  if (!entry) return [];
  const preloads = LOADER_PRELOADS.exec(html)?.[1];
  return [...(preloads ? (JSON.parse(preloads) as string[]) : []), JSON.parse(entry) as string];
}

/**
 * The `Link` header of the app's index.html: a modulepreload of each module script its loader
 * creates, or null for a page without a loader. Chromium acts on the header when the response
 * arrives; the page's meta policy holds every preload the HTML names (a modulepreload link, a
 * parser-visible script) until the parser has applied it, and the loader creates the entry only
 * when the parser runs it. The preload fetches and compiles; nothing runs until the hashed loader
 * creates the entry (same URL, same credentials: the module map hands it the preloaded module).
 */
export function entryPreloadLink(indexHtml: string): string | null {
  const scripts = pageModuleScripts(indexHtml);
  return scripts.length ? scripts.map((src) => `<${src}>; rel=modulepreload; crossorigin`).join(', ') : null;
}

/** The header policy for the app's pages given the built index.html. */
export function appPagesCsp(indexHtml: string): string {
  return contentSecurityPolicy(pageScriptSrc(indexHtml) ?? SELF_SCRIPT_SRC);
}

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

/** The header policy for the app's pages given the built index.html. */
export function appPagesCsp(indexHtml: string): string {
  return contentSecurityPolicy(pageScriptSrc(indexHtml) ?? SELF_SCRIPT_SRC);
}

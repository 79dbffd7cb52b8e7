import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { APP_SCHEME, appPagesCsp, entryPreloadLink } from '../app-pages/app-origin.js';
import { contentTypeFor, resolveAppFile } from '../app-pages/app-protocol-paths.js';

/** Declares the app scheme as standard and secure; must run before the app is ready. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/**
 * Serves the built renderer from `rootDir` on app://rms/, with the strict CSP header on every
 * answer: the built index.html's own policy (its loader's hash), read once here. The page itself
 * also carries a `Link` header preloading the module entry its loader creates (see entryPreloadLink).
 */
export function handleAppProtocol(rootDir: string): void {
  const indexHtml = readFileSync(path.join(rootDir, 'index.html'), 'utf8');
  const csp = appPagesCsp(indexHtml);
  const link = entryPreloadLink(indexHtml);
  protocol.handle(APP_SCHEME, async (request) => {
    const headers = {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    if (request.method !== 'GET') return new Response('Method not allowed', { status: 405, headers });
    const file = resolveAppFile(request.url, rootDir);
    if (!file) return new Response('Forbidden', { status: 403, headers });
    try {
      const body = await readFile(file);
      const page: Record<string, string> = link && path.basename(file) === 'index.html' ? { Link: link } : {};
      return new Response(body, { status: 200, headers: { ...headers, ...page, 'Content-Type': contentTypeFor(file) } });
    } catch {
      return new Response('Not found', { status: 404, headers });
    }
  });
}

import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Raw HTML (already escaped), as opposed to text. */
export interface Html {
  html: string;
}

/** Builds HTML from a template: interpolated strings are escaped, `Html` values are kept. */
export function html(parts: TemplateStringsArray, ...values: (string | Html | Html[])[]): Html {
  let out = parts[0] ?? '';
  values.forEach((value, i) => {
    const piece = Array.isArray(value) ? value.map((v) => v.html).join('') : typeof value === 'string' ? escapeHtml(value) : value.html;
    out += piece + (parts[i + 1] ?? '');
  });
  return { html: out };
}

/** The pages' only style, inline and allowed by its hash (no stylesheet request, no script at all). */
const STYLE = `
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1f24; background: #f4f6f8; margin: 0; }
main { max-width: 30rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px; border: 1px solid #d0d7de; }
h1 { font-size: 1.4rem; margin-top: 0; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input[type=password] { display: block; width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; border: 1px solid #57606a; border-radius: 4px; }
button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; border: 0; border-radius: 4px; background: #0b5cad; color: #fff; cursor: pointer; }
button.danger { background: #b42318; }
.hint { color: #475467; font-size: .9rem; }
.error { color: #b42318; background: #fef3f2; border: 1px solid #fecdca; padding: .75rem; border-radius: 4px; }
`.trim();

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;

/**
 * The pages' Content-Security-Policy: nothing loads (no script, image, font, frame, connection),
 * only the inline style by its hash; forms post only back to this server; no page may frame them.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src ${STYLE_HASH}`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** A whole page: title and main content. */
export function page(title: string, content: Html): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Remote Management Service</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${content.html}
</main>
</body>
</html>
`;
}

/**
 * Sends a page with the headers every link page carries: the CSP, no caching (the address holds a
 * one-time token), a referrer only to this server (nothing that leaves the page carries the token
 * away; `no-referrer` would make browsers send `Origin: null` on the form's own POST, which the
 * CSRF check must refuse), no framing, no MIME sniffing.
 */
export function sendPage(reply: FastifyReply, status: number, title: string, content: Html): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .send(page(title, content));
}

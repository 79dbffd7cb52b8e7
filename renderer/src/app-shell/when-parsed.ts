/**
 * Runs `work` once the HTML parser has built the page, at once when it already has. The entry is
 * an async module script (index.html's hashed loader creates it, build/tools/strict-csp.ts) and the
 * hosts preload it from the page's `Link` header, so it can be ready, and run, before the parser
 * has reached `<div id="app">` (when the rest of the page arrives late or the parser yields):
 * mounting then would find no element and leave the window empty.
 */
export function whenParsed(doc: Pick<Document, 'readyState' | 'addEventListener'>, work: () => void): void {
  if (doc.readyState !== 'loading') return work();
  doc.addEventListener('DOMContentLoaded', () => work(), { once: true });
}

import type { Plugin } from 'vite';

/**
 * Renderer build: puts the entry chunk's stylesheet into index.html as a `<style>` element instead
 * of a `<link>`, so the first screen waits for one request less (a linked stylesheet holds every
 * frame, the first one with the form included, until it has arrived). The CSP allows it:
 * `style-src 'self' 'unsafe-inline'`; scripts keep their own policy (build/tools/strict-csp.ts).
 * Lazy screens keep their own CSS files.
 */
export function inlineEntryStylesheet(): Plugin {
  return {
    name: 'rms-inline-entry-stylesheet',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return html;
        return html.replace(/<link rel="stylesheet"[^>]*? href="(?:\.\/|\/)?([^"]+\.css)"[^>]*>/g, (tag, file: string) => {
          const asset = bundle[file];
          if (asset?.type !== 'asset') return tag;
          const css = String(asset.source);
          if (css.includes('</style')) throw new Error(`${file} contains "</style": it cannot be inlined.`);
          // The file is no longer needed: nothing else refers to the entry's stylesheet.
          delete bundle[file];
          return `<style>${css}</style>`;
        });
      },
    },
  };
}

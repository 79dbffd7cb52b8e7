import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import { inlineEntryStylesheet } from './build/tools/inline-entry-stylesheet.js';
import { writeOutManifest } from './build/tools/out-manifest.js';
import { strictCspPlugin } from './build/tools/strict-csp.js';

const root = import.meta.dirname;

/**
 * electron-vite build of the desktop app: main (ESM) → out/main, preload (CJS, self-contained for
 * the sandbox) → out/preload/index.cjs, renderer (root renderer/) → out/renderer (minified).
 * Main and preload stay unminified: they load from the local package (size buys nothing there) and
 * their stack traces, in logs and bug reports without source maps, keep real names and lines.
 */
export default defineConfig({
  main: {
    plugins: [{ name: 'rms-out-manifest', writeBundle: () => writeOutManifest(root) }],
    build: {
      outDir: resolve(root, 'out/main'),
      // @rms/shared ships TypeScript sources: bundle it; other dependencies load from node_modules.
      externalizeDeps: { exclude: ['@rms/shared'] },
      rollupOptions: {
        input: { index: resolve(root, 'electron/main/index.ts') },
        output: { entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // The entry's stylesheet inline (build/tools/inline-entry-stylesheet.ts); hash-based strict CSP: the
    // page runs only its hashed loader and what that loads (build/tools/strict-csp.ts).
    plugins: [vue(), inlineEntryStylesheet(), strictCspPlugin()],
    // Every component is <script setup>: Vue's Options API support (data, methods, mixins…) is
    // dead code in the first chunk (4.7 KB before gzip, bench/renderer-size.ts).
    define: { __VUE_OPTIONS_API__: 'false' },
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified by default: the first chunk was 2.1× a bare
      // Vue 3 + Pinia + vue-router app (gzip). Minified (esbuild), it is what bench/renderer-size.ts
      // prints. No source maps (the default): electron-builder.yml also leaves any *.map out.
      minify: 'esbuild',
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});

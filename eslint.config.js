// @ts-check
import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'events', 'buffer'];

/** What the renderer may never import: it talks only to window.rms. */
const rendererBannedImports = [...nodeBuiltins, 'electron', 'electron/*', 'keytar', 'axios', '**/electron/**', '**/server/**'];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'out/**', 'dist/**', 'server/dist/**', 'data/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'e2e/.artifacts/**', 'renderer/dist/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      'no-console': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    // shared/ is the contracts layer: pure TypeScript, no Node, DOM or Electron.
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodeBuiltins, 'electron', 'electron/*', 'vue', 'axios', 'keytar'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', 'navigator', 'localStorage'],
    },
  },
  {
    // The renderer talks only to window.rms: no Electron, no Node.
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: rendererBannedImports }],
    },
  },
  {
    // Screens never navigate after a sign-in, sign-out or enrollment step: the auth state decides
    // where the app is (renderer/src/app-shell/follow-auth-state.ts). Links are RouterLinks.
    files: ['renderer/src/features/**/*.ts', 'renderer/src/features/**/*.vue'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: rendererBannedImports,
          paths: [{ name: 'vue-router', importNames: ['useRouter'], message: 'The auth state decides where the app is (app-shell/follow-auth-state.ts); use a RouterLink for links.' }],
        },
      ],
    },
  },
  {
    // Main-process services are plain Node: only files under electron/main/electron/ (the thin Electron layer) and the preload may import electron.
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/electron/**', 'electron/main/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Services stay plain Node; put Electron glue in electron/main/electron/.' }] }],
    },
  },
  {
    // The preload never hands out ipcRenderer itself.
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "Property[key.name='ipcRenderer']", message: 'Never expose ipcRenderer.' }],
    },
  },
);

// @ts-check
import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import workspaceBoundaries from './scripts/lint-rules/workspace-boundaries.js';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'events', 'buffer'];

/** What the renderer may never import: it talks only to window.rms. */
const rendererBannedImports = [...nodeBuiltins, 'electron', 'electron/*', 'keytar', 'axios', '**/electron/**', '**/server/**', '@rms/server', '@rms/server/*'];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'out/**', 'dist/**', 'server/dist/**', 'data/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'e2e/.artifacts/**', 'renderer/dist/**', '.tmp/**', 'bench/results/**'],
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
  // ---- Workspaces and the server's layers (scripts/lint-rules/workspace-boundaries.test.ts).
  {
    // Workspaces import each other by package name through the exports map: never by a relative
    // path into another workspace, never into its src/ or test/ (a rule of its own, so the
    // no-restricted-imports blocks of each folder cannot replace it).
    files: ['**/*.{ts,mts,js,mjs,vue}'],
    plugins: { rms: workspaceBoundaries },
    rules: { 'rms/no-cross-workspace-import': ['error', { root: import.meta.dirname }] },
  },
  {
    // server/src/db/ is the bottom of the backend: connection, migrator, core tables. It never
    // imports what is built on it; the composition root (server/src/database.ts) adds mail's tables.
    files: ['server/src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(domain|mail|http|cli)(/|$)|^\\.\\./(start-server|database|seeding)(\\.js)?$',
              message: 'server/src/db/ imports nothing above it (domain/, mail/, http/, cli/, the composition root); register tables and migrations in server/src/database.ts.',
            },
          ],
        },
      ],
    },
  },
  // ---- Electron side: layers and the token fence (docs/architecture.md). ESLint replaces a rule's
  // options in a later matching block instead of merging them, so each block below lists every
  // restriction of its folder, built from the constants in electronLayers.
  ...electronLayers(),
);

/**
 * The lint blocks of the Electron side, general to specific: which imports each folder may never
 * have, and the token fence (no code outside electron/main/services/session/ and the api/ wire
 * layer reads or writes a token field). Proved by scripts/lint-rules/electron-layers.test.ts.
 */
function electronLayers() {
  const electronPackage = { name: 'electron', message: 'Plain Node here: put Electron glue in electron/main/electron/.' };
  const server = {
    regex: '^(\\.\\./)+server/|^@rms/server(/|$)',
    message: 'electron/ never imports server/: contracts come from @rms/shared, test helpers from @rms/test-kit.',
  };
  const electronLayer = {
    regex: '^(\\.\\./)+(main/)?electron/',
    message: 'Services, plain page rules and the browser host never import the Electron layer (electron/main/electron/).',
  };
  const tokenKeeper = {
    regex: '(^|/)session/token-keeper(\\.js)?$',
    message: 'Only electron/main/services/session/ holds tokens; handlers use the session-bound API (SignInMachine.api).',
  };
  const tokenFields = {
    selector: 'MemberExpression[property.name=/^(accessToken|refreshToken)$/], Property[key.name=/^(accessToken|refreshToken)$/]',
    message: 'Tokens never leave electron/main/services/session/ (api/ only carries them on the wire); use the session-bound API.',
  };
  const ipcRenderer = { selector: "Property[key.name='ipcRenderer']", message: 'Never expose ipcRenderer.' };
  const imports = (patterns, paths = []) => ['error', { paths, patterns }];
  const tests = ['electron/**/*.test.ts', 'electron/main/services/test-support/**'];
  const plainNode = ['electron/main/services/**/*.ts', 'electron/main/app-pages/**/*.ts', 'electron/browser-host/**/*.ts'];
  return [
    {
      files: ['electron/**/*.ts'],
      rules: { 'no-restricted-imports': imports([server, tokenKeeper]) },
    },
    {
      // Plain Node: the services (shared by both hosts), the rules of the app's pages and the browser host.
      files: plainNode,
      rules: { 'no-restricted-imports': imports([server, electronLayer, tokenKeeper], [electronPackage]) },
    },
    {
      files: ['electron/main/services/session/**/*.ts'],
      rules: { 'no-restricted-imports': imports([server, electronLayer], [electronPackage]) },
    },
    {
      files: tests,
      ignores: ['electron/main/electron/**'],
      rules: { 'no-restricted-imports': imports([server, electronLayer, tokenKeeper], [electronPackage]) },
    },
    {
      files: ['electron/main/electron/**/*.test.ts', 'electron/preload/**/*.test.ts'],
      rules: { 'no-restricted-imports': imports([server, tokenKeeper]) },
    },
    {
      files: ['electron/**/*.ts'],
      ignores: ['electron/main/services/session/**', 'electron/main/services/api/**', 'electron/preload/**', ...tests],
      rules: { 'no-restricted-syntax': ['error', tokenFields] },
    },
    {
      // The preload never hands out ipcRenderer itself (and never touches a token).
      files: ['electron/preload/**/*.ts'],
      ignores: tests,
      rules: { 'no-restricted-syntax': ['error', ipcRenderer, tokenFields] },
    },
  ];
}

import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

/**
 * One Vitest run, one project per part. Server suites run twice: on SQLite and on PostgreSQL
 * (TEST_DATABASE=postgres; the URL comes from TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'shared', include: ['shared/src/**/*.test.ts'], environment: 'node' },
      },
      {
        test: { name: 'test-kit', include: ['test-kit/src/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        test: {
          name: 'server-sqlite',
          include: ['server/test/**/*.test.ts'],
          environment: 'node',
          env: { TEST_DATABASE: 'sqlite' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'server-postgres',
          include: ['server/test/**/*.test.ts'],
          environment: 'node',
          env: { TEST_DATABASE: 'postgres' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'electron',
          include: ['electron/**/*.test.ts', 'scripts/**/*.test.ts', 'build/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'renderer',
          include: ['renderer/src/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
    ],
  },
});

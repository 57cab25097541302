import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The whole test suite. Tiers are visible in file names: `*.test.ts` pure logic,
 * `*.int.test.ts` one service or package against real Postgres/NATS/Meilisearch,
 * `tests/e2e` the whole stack as processes, `tests/browser` the web app in Chromium.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const globalSetup = ['packages/testkit/src/global-setup.ts'];
const code = ['packages/*', 'services/*', 'infra'].flatMap((dir) => [
  `${dir}/src/**/`,
  `${dir}/test/**/`,
]);

export default defineConfig({
  root,
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          root,
          include: code.map((dir) => `${dir}*.test.ts`),
          exclude: ['**/node_modules/**', '**/dist/**', '**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'int',
          root,
          include: code.map((dir) => `${dir}*.int.test.ts`),
          exclude: ['**/node_modules/**', '**/dist/**'],
          globalSetup,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // The gateway and the services in one process, over real Postgres, NATS and Meilisearch.
          name: 'api',
          root,
          include: ['tests/api/**/*.test.ts'],
          globalSetup,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root,
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // kill -9 and restarts of every process and server, each file on a world of its own.
          name: 'chaos',
          root,
          include: ['tests/chaos/**/*.test.ts'],
          globalSetup,
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          root,
          include: ['tests/browser/**/*.test.ts'],
          globalSetup,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      'web/vite.config.ts',
    ],
  },
});

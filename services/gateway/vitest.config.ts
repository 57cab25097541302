import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `development` condition.
// Only the TypeScript tests run: `tsc -b` also emits compiled copies under dist/.
export default defineConfig({
  resolve: { conditions: ['development'] },
  ssr: { resolve: { conditions: ['development'] } },
  test: {
    include: ['test/**/*.test.ts'],
    hookTimeout: 60_000,
  },
});

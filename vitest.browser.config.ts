import { defineConfig } from 'vitest/config';

// Browser tests: a real server serving web/dist, driven through Debian's chromium by playwright-core.
// Run with `npm run test:browser` (builds web/dist first when it is missing or stale).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});

import { defineConfig } from 'vitest/config';

// The soak is timed load, not a check of behaviour: it runs only in CI's long phase (LAPOR_LONG_TESTS=1) or
// when asked for a length (LAPOR_SOAK_SECONDS), and is left out of the default run rather than skipped in it.
const soak = process.env.LAPOR_LONG_TESTS === '1' || process.env.LAPOR_SOAK_SECONDS !== undefined;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(soak ? [] : ['test/adversarial/soak.test.ts'])],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    setupFiles: ['test/helpers/setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
});

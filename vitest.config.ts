// Tests: unit tests beside end-to-end tests that start a local fake Discord; none asserts timing.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: the end-to-end files start processes of their own.
    maxWorkers: 2,
  },
});

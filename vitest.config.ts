// Tests: unit tests (`npm run test:unit`, the fast loop) and end-to-end tests that start processes or the local fake
// Discord (`npm test` runs both). None asserts timing.
import { defineConfig } from 'vitest/config';

/**
 * Files that start processes (the bot, the CLI, question-log writers), or drive a discord.js client through the fake
 * Discord.
 */
const END_TO_END = [
  'test/e2e/**',
  // The CLI's JSON contract and the console, spawned for real.
  'test/cli.test.ts',
  'test/console.test.ts',
  // The entry-point guard of src/sharded.ts, run as a process.
  'test/sharded.test.ts',
  // Question-log writers in processes of their own, as shards are.
  'test/store/question-log-processes.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: the end-to-end files start processes of their own. (`npm run test:unit` runs three unit files at a
    // time: they wait on the disk and on worker threads often enough that a third one finishes them sooner.)
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // The unit files keep no state in the modules they share, so a worker loads each module once for all of them
        // instead of once per file: a third less CPU time.
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: END_TO_END, isolate: false },
      },
      // The processes they start run the project compiled once for them (see test/support/global-setup.ts). Their
      // shared modules (discord.js, the fake Discord, test-bot) keep no state one file could trip over either, and
      // loading them once per worker rather than once per file took 112 s of e2e wall time down to 67 s here.
      {
        extends: true,
        test: { name: 'e2e', include: END_TO_END, isolate: false, globalSetup: ['test/support/global-setup.ts'] },
      },
    ],
  },
});

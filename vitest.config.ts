import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './tests/support/sequencer.js';

/**
 * Files that need a fresh module graph: the driver tests count on the process-wide prepared-statement
 * name map (src/lib/db/statement-names.ts, capped at 1,000 texts) not being filled by earlier files.
 */
// rebuild-memory measures the live V8 heap across rebuilds: in a shared fork, what earlier files left behind
// (timers, pools, caches settling) lands in its window — CI once measured +0.53 MB there against +0.15 alone.
const ISOLATED = ['tests/lib/driver.test.ts', 'tests/workers/rebuild-memory.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on 2 cores (vitest's default there is one): most
    // files wait on PostgreSQL, Redis, Chromium or child processes, not the CPU.
    maxWorkers: 2,
    // Longest files first (durations in tests/support/file-seconds.json), so the two forks end together.
    sequence: { sequencer: LongestFirstSequencer },
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
          exclude: ISOLATED,
          // Each fork imports the app once and runs its files one after another (import was 3,011 s
          // of a 3,510 s run with isolation, shared). Platforms, hubs, workers and browsers are closed
          // in each file's afterAll; a file that leans on module state goes in ISOLATED.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true } },
    ],
  },
});

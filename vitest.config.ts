import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on 2 cores (vitest's default there is one): most
    // files wait on PostgreSQL, Redis, Chromium or child processes, not the CPU.
    maxWorkers: 2,
    // Each fork imports the app once and runs its files one after another, instead of re-importing
    // everything per file (import was ~40-50 % of all file time: 3,011 s of a 3,510 s run here, shared).
    // Safe because files share no mutable module state: platforms, hubs, workers and browsers are
    // closed in each file's afterAll; the payment chooser and error renderer are set to the same
    // functions by every createApp; caches are keyed by tenant; the one fake clock is restored in a
    // finally. A file that needs a fresh module graph must say so (its own project), not turn this off.
    isolate: false,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  },
});

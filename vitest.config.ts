import { defineConfig } from 'vitest/config';

// One `vitest run` covers unit tests beside source and the cross-cutting suites in test/.
// Suites under test/integration/ need DATABASE_URL / REDIS_URL and skip themselves, with
// a printed reason, when those are absent; .ci/run exports both so CI runs them here.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    // Child processes isolate native addons (better-sqlite3, argon2) and process-wide
    // state (env, signal handlers) better than worker threads.
    pool: 'forks',
    fileParallelism: true,
    // The CI machine has 2 cores; more workers only add contention on PostgreSQL/Redis.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests must not leak stubs into each other.
    restoreMocks: true,
    unstubEnvs: true,
    unstubGlobals: true,
  },
});

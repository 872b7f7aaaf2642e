import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One database for the whole run (migrated once in globalSetup); files take turns on it.
    globalSetup: ['./test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

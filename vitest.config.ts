import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Test files build their own temp databases; two workers match this 2-core machine.
    maxWorkers: 2,
  },
});

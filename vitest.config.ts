// Test tiers as vitest projects: `unit` (in-process: pure modules and SQLite files), `http` (a real server on an
// ephemeral port, CLI subprocesses, pdftotext) and `browser` (chromium). A file's tier is in its name:
// *.http.test.ts, *.browser.test.ts, otherwise unit. test/tiers.test.ts checks unit files reach for none of those.
import { defineConfig } from 'vitest/config';

const HTTP = 'test/**/*.http.test.ts';
const BROWSER = 'test/**/*.browser.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Test files build their own temp databases; two workers match this 2-core machine.
    maxWorkers: 2,
    // One temp directory per run, removed at its end (test/helpers/temp-root.ts).
    globalSetup: ['test/helpers/temp-root.ts'],
    projects: [
      // Unit files share a worker's module cache (isolate: false): they set no globals and mock nothing they do not
      // restore, and loading turf, h3 and zod once per worker instead of once per file cuts the tier's CPU time by a quarter.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [HTTP, BROWSER], isolate: false } },
      { extends: true, test: { name: 'http', include: [HTTP] } },
      { extends: true, test: { name: 'browser', include: [BROWSER] } },
    ],
  },
});

// The test tiers of vitest.config.ts, checked on the source: a unit test (no .http/.browser in its name) reaches,
// through the test helpers it imports, for no browser, subprocess, pdftotext or server; benches import test/ only
// through bench/lib.ts, and only helpers that carry no vitest.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, relativeImports, ROOT, sourceFiles } from './helpers/source.ts';

const TESTS = sourceFiles(join(ROOT, 'test')).map((f) => relative(ROOT, f));
const tierOf = (file: string) => (/\.browser\.test\.ts$/.test(file) ? 'browser' : /\.http\.test\.ts$/.test(file) ? 'http' : 'unit');
const UNIT = TESTS.filter((f) => f.endsWith('.test.ts') && tierOf(f) === 'unit');

/** A file and every test/ or bench/ module it imports, transitively (the code under test is not followed). */
function reach(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const target of relativeImports(join(ROOT, file))) {
    if (/^(test|bench)\//.test(target) && existsSync(join(ROOT, target))) reach(target, seen);
  }
  return seen;
}

/** What a file reaches for that the unit tier must do without, as readable reasons. */
function outOfTier(file: string): string[] {
  const reasons: string[] = [];
  for (const f of reach(file)) {
    const specifiers = importSpecifiers(join(ROOT, f));
    const imported = (re: RegExp) => specifiers.some((s) => re.test(s));
    if (imported(/^playwright/)) reasons.push(`${f}: a browser (playwright)`);
    if (imported(/^(node:)?child_process$/)) reasons.push(`${f}: a subprocess (child_process)`);
    if (relativeImports(join(ROOT, f)).includes('server/main.ts')) reasons.push(`${f}: a listening server (server/main.ts)`);
    if (/['"`]pdftotext['"`]/.test(readFileSync(join(ROOT, f), 'utf8'))) reasons.push(`${f}: pdftotext`);
  }
  return reasons;
}

describe('test tiers', () => {
  it('sees what the http and browser tiers use (the check can fail)', () => {
    expect(outOfTier('test/server/api.http.test.ts')).toContain('test/helpers/server.ts: a listening server (server/main.ts)');
    expect(outOfTier('test/report/render.http.test.ts')).toContain('test/report/pdf-reader.ts: pdftotext');
    expect(outOfTier('test/client/map.browser.test.ts')).toContain('test/client/browser.ts: a browser (playwright)');
    expect(outOfTier('test/import/cli.http.test.ts')).toContain('test/import/cli.http.test.ts: a subprocess (child_process)');
  });

  it('puts in the unit tier only tests that need no browser, subprocess, pdftotext or server', () => {
    expect(UNIT.length).toBeGreaterThan(10);
    expect(UNIT.flatMap(outOfTier)).toEqual([]);
  });

  it('lets benches import test/ only through bench/lib.ts, and only helpers without vitest', () => {
    const benches = sourceFiles(join(ROOT, 'bench')).map((f) => relative(ROOT, f));
    expect(benches).toContain('bench/lib.ts');
    const intoTest = benches.flatMap((b) =>
      relativeImports(join(ROOT, b))
        .filter((t) => t.startsWith('test/'))
        .map((t) => `${b} -> ${t}`),
    );
    expect(intoTest.filter((edge) => !edge.startsWith('bench/lib.ts -> test/helpers/'))).toEqual([]);
    const helpers = [...reach('bench/lib.ts')].filter((f) => f.startsWith('test/'));
    expect(helpers.length).toBeGreaterThan(0);
    expect(helpers.filter((f) => importSpecifiers(resolve(ROOT, f)).includes('vitest'))).toEqual([]);
  });
});

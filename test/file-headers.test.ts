// The file-header rule of docs/development.md: every source file opens with a comment saying what it is.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from './helpers/source.ts';

const DIRS = ['bin', 'cli', 'pipeline', 'server', 'client/src', 'common', 'test', 'bench'];
const FILES = ['client/build.ts', 'vitest.config.ts'];

/** Whether a file's first line (after a #! line) is a comment with words in it. */
function opensWithHeader(text: string): boolean {
  const lines = text.split('\n');
  const first = lines[0].startsWith('#!') ? lines[1] : lines[0];
  return /^(\/\/|\/\*\*?)\s*\S/.test(first ?? '');
}

describe('file headers', () => {
  it('tells a header from none', () => {
    expect(opensWithHeader('// The map client.\nconst x = 1;\n')).toBe(true);
    expect(opensWithHeader('#!/usr/bin/env node\n// Entry point.\n')).toBe(true);
    expect(opensWithHeader('const x = 1;\n// a later comment\n')).toBe(false);
    expect(opensWithHeader('//\nconst x = 1;\n')).toBe(false);
  });

  it('every source file opens with a line saying what it is', () => {
    const files = [...DIRS.flatMap((d) => sourceFiles(join(ROOT, d))), ...FILES.map((f) => join(ROOT, f))];
    expect(files.length).toBeGreaterThan(150);
    const missing = files.filter((f) => !opensWithHeader(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(missing).toEqual([]);
  });
});

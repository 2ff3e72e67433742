// The layer rules of docs/architecture.md, checked on the source: the wings (pipeline/, server/,
// client/) import only common/ and themselves; the store speaks no HTTP; common/ imports no wing.
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, relativeImports, sourceFiles } from './helpers/source.ts';

const WINGS = ['pipeline', 'server', 'client'];

function topFolder(repoPath: string): string {
  return repoPath.split(sep)[0];
}

describe('layer rules', () => {
  it('finds the imports it checks (the scanner sees relative imports)', () => {
    const imports = sourceFiles(join(ROOT, 'server')).flatMap(relativeImports);
    expect(imports.length).toBeGreaterThan(100);
    expect(imports.some((p) => p.startsWith(`common${sep}`))).toBe(true);
  });

  for (const wing of WINGS) {
    it(`${wing}/ imports only common/ and itself`, () => {
      const offending = sourceFiles(join(ROOT, wing)).flatMap((file) =>
        relativeImports(file)
          .filter((target) => ![wing, 'common'].includes(topFolder(target)))
          .map((target) => `${relative(ROOT, file)} -> ${target}`),
      );
      expect(offending).toEqual([]);
    });
  }

  it('common/ imports no wing', () => {
    const offending = sourceFiles(join(ROOT, 'common')).flatMap((file) =>
      relativeImports(file)
        .filter((t) => topFolder(t) !== 'common')
        .map((t) => `${relative(ROOT, file)} -> ${t}`),
    );
    expect(offending).toEqual([]);
  });

  it('the read store speaks no HTTP: no express, no HTTP errors', () => {
    const offending = sourceFiles(join(ROOT, 'server', 'store')).filter((file) => {
      const text = readFileSync(file, 'utf8');
      return /from\s+['"]express['"]/.test(text) || relativeImports(file).some((t) => t === join('server', 'errors.ts'));
    });
    expect(offending.map((f) => relative(ROOT, f))).toEqual([]);
  });
});

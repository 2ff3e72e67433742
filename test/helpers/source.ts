// Reading the repository's own source for the rule tests: its files, and the modules each imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Every .ts, .mjs and .js file under a directory, skipping node_modules and build output. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'out') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports: static, dynamic, side-effect only and re-exports. */
export function importSpecifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

/** Every relative module a file imports, resolved to a path relative to the repository root. */
export function relativeImports(file: string): string[] {
  return importSpecifiers(file)
    .filter((s) => s.startsWith('./') || s.startsWith('../'))
    .map((s) => relative(ROOT, resolve(dirname(file), s)));
}

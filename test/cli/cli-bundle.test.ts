// The CLI's esbuild bundle (bin/cli-bundle.js), on a small project of its own: it runs as the
// TypeScript does, finds files beside its sources through import.meta.url, loads a module imported
// on demand only when asked, is built again when a source changes, and is not used where it could
// be wrong.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledCli } from '../../bin/cli-bundle.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes a file dated a minute ago: a bundle keeps only files that did not change while it was built. */
function writeSettled(root: string, name: string, text: string): void {
  const path = join(root, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  const past = new Date(Date.now() - 60_000);
  utimesSync(path, past, past);
}

const MAIN = [
  "import { readFileSync } from 'node:fs';",
  "const greeting: string = readFileSync(new URL('./greeting.txt', import.meta.url), 'utf8').trim();",
  'export async function main(argv: string[]): Promise<string> {',
  "  const { shout } = await import('./commands/shout.ts');",
  "  return greeting + ' ' + shout(argv[0]);",
  '}',
].join('\n');

/** A project with cli/main.ts, a command loaded on demand and a data file found through import.meta.url. */
function project(): { root: string; cache: string } {
  const root = `${mkdtempSync(join(tmpdir(), 'atlas-cli-bundle-'))}/`;
  dirs.push(root);
  writeSettled(root, 'tsconfig.json', '{}\n');
  writeSettled(root, 'cli/greeting.txt', 'hello\n');
  writeSettled(root, 'cli/main.ts', MAIN);
  writeSettled(
    root,
    'cli/commands/shout.ts',
    "export const shout = (s: string): string => {\n  if (s === 'boom') throw new Error('boom');\n  return s.toUpperCase();\n};\n",
  );
  return { root, cache: `${root}cache/` };
}

type Main = { main(argv: string[]): Promise<string> };
const load = async (url: URL | null): Promise<Main> => (await import(`${url?.href}?t=${Date.now()}`)) as Main;

describe('the CLI bundle', () => {
  it('runs as the sources do, with the module imported on demand in a chunk of its own', async () => {
    const { root, cache } = project();
    const url = await bundledCli({ root, cache });
    expect(url?.href).toBe(`file://${cache}main.mjs`);
    expect(await (await load(url)).main(['gigabit'])).toBe('hello GIGABIT');
    // main.mjs and the command's chunk: the command is not in the entry.
    const files = readdirSync(cache).filter((f) => f.endsWith('.mjs'));
    expect(files.length).toBe(2);
    expect(files.find((f) => f.startsWith('shout-'))).toBeDefined();
  });

  it('has source maps: with them on, a stack trace names the TypeScript source and its line', async () => {
    const { root, cache } = project();
    const main = await load(await bundledCli({ root, cache }));
    process.setSourceMapsEnabled(true);
    const stack = await main.main(['boom']).then(
      () => '',
      (err: Error) => String(err.stack),
    );
    expect(stack).toContain(`${root}cli/commands/shout.ts:2`);
  });

  it('is not written again while its sources are unchanged, and is built again when one changes', async () => {
    const { root, cache } = project();
    await bundledCli({ root, cache });
    const first = statSync(`${cache}main.mjs`).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    expect(await bundledCli({ root, cache, build: false })).not.toBeNull();
    await bundledCli({ root, cache });
    expect(statSync(`${cache}main.mjs`).mtimeMs).toBe(first);

    writeSettled(root, 'cli/commands/shout.ts', "export const shout = (s: string): string => s.toUpperCase() + '!';\n");
    expect(await bundledCli({ root, cache, build: false })).toBeNull();
    expect(await (await load(await bundledCli({ root, cache }))).main(['gigabit'])).toBe('hello GIGABIT!');
  });

  it('is not kept when a source was written during the build, nor used when it refers to its own location', async () => {
    const { root, cache } = project();
    writeFileSync(join(root, 'cli/commands/shout.ts'), 'export const shout = (s: string): string => s;\n');
    const reasons: string[] = [];
    expect(await bundledCli({ root, cache, reason: (r) => reasons.push(r) })).toBeNull();
    expect(reasons).toEqual(['a file it is built from changed during the build']);

    writeSettled(root, 'cli/commands/shout.ts', 'export const shout = (s: string): string => s + import.meta.filename;\n');
    expect(await bundledCli({ root, cache, reason: (r) => reasons.push(r) })).toBeNull();
    expect(reasons[1]).toMatch(/refer to their own location/);
    expect(readdirSync(cache)).toEqual(['record.json']);
    // The verdict is kept: no build while the sources are unchanged.
    expect(await bundledCli({ root, cache, build: false, reason: (r) => reasons.push(r) })).toBeNull();
    expect(reasons[2]).toMatch(/refer to their own location/);
  });

  it('says why when it cannot build', async () => {
    const { root, cache } = project();
    writeSettled(root, 'cli/main.ts', 'export const main = (: string) => 1;\n');
    const reasons: string[] = [];
    expect(await bundledCli({ root, cache, reason: (r) => reasons.push(r) })).toBeNull();
    expect(reasons[0]).toMatch(/Build failed|error/i);
  });
});

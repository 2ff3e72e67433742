// Worker modules run as esbuild bundles (worker-bundle.ts): a bundle runs as its TypeScript module
// would, is built again when a file it was built from changes, and is not used where it would refer
// to its own location.
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledWorker } from '../../pipeline/import/worker-bundle.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-worker-bundle-'));
/** Bundles these tests made in the project's cache, removed at the end with their records. */
const made: string[] = [];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const path of made) for (const file of [path, path.replace(/\.mjs$/, '.json')]) rmSync(file, { force: true });
});

function bundled(module: URL): URL {
  const url = bundledWorker(module);
  if (url.pathname.endsWith('.mjs')) made.push(fileURLToPath(url));
  return url;
}

/** Writes a file dated a minute ago: a bundle keeps only files that did not change while it was built. */
function writeSettled(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  const past = new Date(Date.now() - 60_000);
  utimesSync(path, past, past);
  return path;
}

/** What the worker at `url` posts first. */
function firstMessage(url: URL): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url);
    worker.once('message', (m) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

const WORKER = [
  "import { parentPort } from 'node:worker_threads';",
  "import { answer, type Answer } from './answer.ts';",
  'const posted: Answer = answer();',
  'parentPort!.postMessage(posted);',
].join('\n');

describe('worker bundles', () => {
  it('run as the module would, and are built again when an imported file changes', async () => {
    writeSettled('answer.ts', 'export type Answer = { n: number };\nexport const answer = (): Answer => ({ n: 1 });\n');
    const module = pathToFileURL(writeSettled('worker.ts', WORKER));
    const first = bundled(module);
    expect(first.pathname).toMatch(/node_modules\/\.cache\/gigabit-atlas\/workers\/.*worker\.mjs$/);
    expect(await firstMessage(first)).toEqual({ n: 1 });
    // Unchanged: the same bundle, not written again.
    const written = statSync(first).mtimeMs;
    expect(bundled(module).href).toBe(first.href);
    expect(statSync(first).mtimeMs).toBe(written);

    writeSettled('answer.ts', 'export type Answer = { n: number };\nexport const answer = (): Answer => ({ n: 20 + 2 });\n');
    const second = bundled(module);
    expect(await firstMessage(second)).toEqual({ n: 22 });
  });

  it('are not used for a module that refers to its own location, nor for a file changed just now', () => {
    const located = pathToFileURL(writeSettled('located.ts', 'export const here = new URL(".", import.meta.url).href;\n'));
    expect(bundled(located).href).toBe(located.href);
    const fresh = pathToFileURL(join(dir, 'fresh.ts'));
    writeFileSync(fresh, 'export const n = 1;\n');
    expect(bundled(fresh).href).toBe(fresh.href);
  });

  it('leaves a module that is not TypeScript as it is', () => {
    const js = pathToFileURL(join(dir, 'plain.mjs'));
    expect(bundled(js).href).toBe(js.href);
  });
});

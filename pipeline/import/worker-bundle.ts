// A worker module as one ES module bundled by esbuild (its npm packages left to node_modules),
// cached under node_modules/.cache: a worker thread then starts without tsx, in ~0.2 s instead of
// ~0.5 s (tsx starts a module-hooks thread per worker and resolves every import through it). A
// bundle is used while every file it was built from has the size and mtime it had; a bundle that
// would refer to its own location (import.meta) is not used (and, the files unchanged, not built
// again), nor is anything that fails here (no esbuild, a read-only tree): the worker then runs the
// TypeScript module through tsx as before.
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type BuildRecord,
  inputsOf,
  NODE_BUNDLE,
  OWN_LOCATION,
  readRecord,
  settled,
  unchanged,
  writeWhole,
} from '../../common/bundle-cache.js';

/** The bundle of the TypeScript worker `module`, or `module` itself where no usable bundle can be had. */
export function bundledWorker(module: URL): URL {
  if (!module.pathname.endsWith('.ts')) return module;
  let chosen = module;
  try {
    // Worked out here, not when the module loads: worker modules import this one's neighbours, and
    // their bundles must neither refer to their own location nor load esbuild.
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const cache = `${root}node_modules/.cache/gigabit-atlas/workers/`;
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const source = fileURLToPath(module);
    const name = relative(root, source).replace(/\.ts$/, '').replace(/[\\/]/g, '--');
    const out = `${cache}${name}.mjs`;
    const record = `${cache}${name}.json`;
    const known = readRecord(record);
    // Unchanged since the last build: its verdict stands, so a module that cannot be bundled is not built again each time.
    if (known && unchanged(known.inputs) && (!known.usable || existsSync(out))) {
      if (known.usable) chosen = pathToFileURL(out);
    } else {
      const started = Date.now();
      const result = buildSync({
        entryPoints: [source],
        absWorkingDir: root,
        ...NODE_BUNDLE,
      });
      const inputs = inputsOf(result.metafile, root);
      // A file written while the build ran may be in the bundle as it was before: nothing is kept then.
      if (settled(inputs, started)) {
        const [bundle] = result.outputFiles;
        const usable = !OWN_LOCATION.test(bundle.text);
        mkdirSync(cache, { recursive: true });
        if (usable) writeWhole(out, bundle.contents);
        writeWhole(record, JSON.stringify({ inputs, usable } satisfies BuildRecord));
        if (usable) chosen = pathToFileURL(out);
      }
    }
  } catch {
    chosen = module;
  }
  return chosen;
}

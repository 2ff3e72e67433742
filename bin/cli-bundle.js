// The CLI as an esbuild bundle, so that `atlas` starts without tsx: cli/main.ts becomes main.mjs,
// and what it loads on demand (each command, and what a command loads on demand) becomes a chunk
// beside it, loaded as late as the module was; npm packages stay in node_modules. Kept in node_modules/.cache/gigabit-atlas/cli/,
// built at `npm install` (the prepare script runs this file) and again on the first run after a file
// it was built from changed. Where no current bundle can be had (no esbuild, a read-only tree, a
// failed build, a file changed during the build), bin/atlas.js runs the TypeScript through tsx.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inputsOf, NODE_BUNDLE, OWN_LOCATION, ownLocation, readRecord, settled, unchanged, writeWhole } from '../common/bundle-cache.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Files that shape the bundles without being in them. */
const BUILT_BY = [fileURLToPath(import.meta.url), fileURLToPath(new URL('../common/bundle-cache.js', import.meta.url))];
/** How old a chunk no current build names must be to be removed. */
const STALE_MS = 24 * 3600_000;
const SELF_REFERENCE = 'its sources refer to their own location other than through import.meta.url';

/** Removes the chunks of earlier builds, once they are old enough that no run still loads from them. */
function prune(cache, current) {
  for (const name of readdirSync(cache)) {
    if (!/\.mjs(\.map)?$/.test(name) || current.has(name)) continue;
    const s = statSync(cache + name, { throwIfNoEntry: false });
    if (s && Date.now() - s.mtimeMs > STALE_MS) rmSync(cache + name, { force: true });
  }
}

/**
 * The URL of the current bundle of `root`'s cli/main.ts, built now (unless `build` is false) when
 * there is none or a file it was built from changed; null where none can be had. `reason` hears why.
 */
export async function bundledCli({
  root = ROOT,
  cache = `${root}node_modules/.cache/gigabit-atlas/cli/`,
  build = true,
  reason = () => {},
} = {}) {
  const record = `${cache}record.json`;
  const main = `${cache}main.mjs`;
  try {
    const known = readRecord(record);
    if (known && unchanged(known.inputs) && known.outputs?.every((o) => existsSync(cache + o))) {
      if (known.usable) return pathToFileURL(main);
      reason(SELF_REFERENCE);
      return null;
    }
    if (!build) return null;
    const { build: esbuild } = await import('esbuild');
    const started = Date.now();
    const result = await esbuild({
      entryPoints: ['cli/main.ts'],
      absWorkingDir: root,
      outdir: cache,
      outExtension: { '.js': '.mjs' },
      splitting: true,
      sourcemap: 'linked',
      ...NODE_BUNDLE,
      plugins: [ownLocation],
    });
    const inputs = inputsOf(result.metafile, root, [`${root}tsconfig.json`, ...BUILT_BY]);
    if (!settled(inputs, started)) {
      reason('a file it is built from changed during the build');
      return null;
    }
    const usable = result.outputFiles.every((f) => f.path.endsWith('.map') || !OWN_LOCATION.test(f.text));
    const outputs = result.outputFiles.map((f) => relative(cache, f.path));
    mkdirSync(cache, { recursive: true });
    if (usable) {
      // Chunks are named by their content, and the entry is written last: a run that loads main.mjs
      // finds every chunk it names, and a run of the build before keeps finding its own.
      for (const f of result.outputFiles) if (f.path !== main) writeWhole(f.path, f.contents);
      writeWhole(main, result.outputFiles.find((f) => f.path === main).contents);
      prune(cache, new Set(outputs));
    }
    writeWhole(record, JSON.stringify({ inputs, usable, outputs: usable ? outputs : [] }));
    if (!usable) reason(SELF_REFERENCE);
    return usable ? pathToFileURL(main) : null;
  } catch (err) {
    reason(String(err?.message ?? err));
    return null;
  }
}

// `node bin/cli-bundle.js` (npm's prepare): builds the bundles now, so that the first `atlas` run starts fast.
if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const started = Date.now();
  let why = '';
  const url = await bundledCli({ reason: (r) => (why = r) });
  console.log(
    url
      ? `CLI bundle ready in ${Date.now() - started} ms: ${relative(process.cwd(), fileURLToPath(url))}`
      : `CLI bundle not built (${why}); atlas runs its TypeScript through tsx.`,
  );
}

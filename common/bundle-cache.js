// esbuild bundles of the TypeScript sources cached under node_modules/.cache, and the record that
// says whether one is still current. Plain JavaScript, so that bin/atlas.js can use it before (or
// instead of) loading tsx. Used for the CLI (bin/cli-bundle.js) and for worker threads
// (pipeline/import/worker-bundle.ts).
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';

/** esbuild options of every bundle here: ES modules for this Node, npm packages left to node_modules, kept in memory until checked. */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  metafile: true,
  write: false,
  logLevel: 'silent',
};

/** A bundle that still refers to its own location (import.meta) would look for files beside itself in the cache: not used. */
export const OWN_LOCATION = /\bimport\.meta\b/;

/** How long before a build every file it read must have last changed for the build to be kept. */
export const SETTLED_MS = 1000;

/** The record at `path` (`{ inputs, usable, ... }`), or null when there is none or it is not one (a partial or older file). */
export function readRecord(path) {
  try {
    const record = JSON.parse(readFileSync(path, 'utf8'));
    return record && Array.isArray(record.inputs) && typeof record.usable === 'boolean' ? record : null;
  } catch {
    return null;
  }
}

/** Whether every `[path, size, mtimeMs]` still has that size and mtime. */
export function unchanged(inputs) {
  for (const [path, size, mtimeMs] of inputs) {
    const s = statSync(path, { throwIfNoEntry: false });
    if (!s || s.size !== size || s.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

/** `[path, size, mtimeMs]` of every file an esbuild metafile lists (paths relative to `root`), and of `extra` absolute paths. */
export function inputsOf(metafile, root, extra = []) {
  return [...Object.keys(metafile.inputs).map((p) => resolve(root, p)), ...extra].map((path) => {
    const s = statSync(path);
    return [path, s.size, s.mtimeMs];
  });
}

/** Whether no input changed within SETTLED_MS of `started`: a file written while a build ran may be in it as it was before. */
export const settled = (inputs, started) => inputs.every(([, , mtimeMs]) => mtimeMs < started - SETTLED_MS);

/** Writes `data` to `path` through a temporary file, so that another process never reads half of it. */
export function writeWhole(path, data) {
  const tmp = `${path}.${process.pid}-${threadId}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * esbuild plugin: in each of the project's own modules, `import.meta.url` becomes that module's
 * source URL, so that paths worked out from it (data files, worker modules) stay what they are when
 * the module runs from a bundle elsewhere. Such a bundle holds absolute paths: it is a local cache.
 */
export const ownLocation = {
  name: 'own-location',
  setup(build) {
    // Every module is read here once (npm packages stay external, so only ours come by), and handed on.
    build.onLoad({ filter: /\.(ts|js|mjs)$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: args.path.endsWith('.ts') ? 'ts' : 'js',
    }));
  },
};

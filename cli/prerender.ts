// Pre-renders the tiles a user opens first (issue 15): the default-threshold pyramid of the aggregate
// layers (hexes, uncovered) of the newest release, drawn by the server's tile code and stored by the
// pipeline's writer in one transaction. `atlas tiles` runs it, and `atlas import` and `atlas demo` at their end.
import { UNCOVERED_POINTS_MIN_ZOOM } from '../common/constants.ts';
import { defaultThreshold } from '../common/definitions.ts';
import { PRERENDERED_LAYERS } from '../common/prerendered-tiles.ts';
import { closeWritable, openWritable } from '../common/schema.ts';
import type { Threshold } from '../common/types.ts';
import { WorkerBatches } from '../pipeline/import/worker-batches.ts';
import { replaceTileSets, type StoredTile, type TileSetSummary } from '../pipeline/tiles/tile-sets.ts';
import { CONFIG_KEYS, envName } from '../server/config.ts';
import { openStore } from '../server/store/index.ts';
import { createTileLayers } from '../server/tiles/index.ts';
import { prerenderLayer, tileSetKey } from '../server/tiles/prerendered.ts';
import { childrenWithin } from '../server/tiles/pyramid.ts';
import type { PrerenderWorkerData } from './prerender-worker.ts';
import { type PrerenderBatch, unpackTiles } from './tile-batches.ts';

/** Deepest zoom pre-rendered unless told otherwise; deeper tiles are computed on request. */
export const DEFAULT_TILES_MAX_ZOOM = 14;

export interface PrerenderSummary {
  /** The release the tiles were drawn for; null when the database has no release or no areas (nothing stored). */
  release: string | null;
  sets: TileSetSummary[];
  seconds: number;
}

/** The maxTilePoints the server uses (ATLAS_MAX_TILE_POINTS or its default): stored tiles are made for it. */
export function serverMaxTilePoints(): number {
  return CONFIG_KEYS.maxTilePoints.schema.parse(process.env[envName('maxTilePoints')] || undefined);
}

export interface PrerenderOptions {
  /** Deepest zoom; below 0 nothing is stored (every tile is computed on request). */
  maxZoom: number;
  /** Default: the server's (serverMaxTilePoints). */
  maxTilePoints?: number;
  /** Default: the default threshold (what a user opens). */
  threshold?: Threshold;
  /**
   * Draw the uncovered layer's single points (z12 and deeper) in a worker thread while this one draws
   * the rest (default: for releases of PRERENDER_WORKER_MIN_UNCOVERED uncovered addresses or more, where
   * it pays for the worker's start).
   */
  worker?: boolean;
}

/**
 * Uncovered addresses from which a second thread pays: it takes ~0.5 s of CPU and ~100-200 MiB more
 * memory (a second heap), while the uncovered layer's points of 220 k of them (a million FCC rows) take
 * ~8 s to draw, of 5 k (a Dutch million rows) ~1 s.
 */
const PRERENDER_WORKER_MIN_UNCOVERED = 100_000;

/** The layer, and the zoom from which, a worker draws: single points, from their own index; the zooms above share the hexes' cells. */
const WORKER_LAYER = 'uncovered';
const WORKER_FROM_ZOOM = UNCOVERED_POINTS_MIN_ZOOM;

/**
 * The tiles of a walk drawn by a worker thread (prerender-worker.ts), which starts at once: taken in
 * order as the writer asks for them, with the deepest zoom it reached once they are all taken.
 */
function tilesInWorker(data: PrerenderWorkerData) {
  // Unbounded look-ahead: the writer takes these only after the other layers, so the worker must never wait for it.
  const worker = new WorkerBatches<PrerenderBatch>(new URL('./prerender-worker.ts', import.meta.url), data, {
    ahead: Number.MAX_SAFE_INTEGER,
    task: 'drawing tiles',
  });
  let deepestZoom = data.to;
  function* tiles(): Generator<StoredTile> {
    for (let batch = worker.next(); batch !== null; batch = worker.next()) {
      if ('gz' in batch) yield* unpackTiles(batch);
      else deepestZoom = batch.deepestZoom;
    }
  }
  return { tiles: tiles(), deepestZoom: () => deepestZoom, close: () => worker.close() };
}

function* chain<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const part of parts) yield* part;
}

/** Replaces the database's pre-rendered tiles by the pyramid z0..maxZoom of the newest release. */
export function prerenderTiles(path: string, options: PrerenderOptions): PrerenderSummary {
  const { maxZoom, maxTilePoints = serverMaxTilePoints() } = options;
  const started = Date.now();
  const db = openWritable(path);
  const store = openStore(path);
  const workers: ReturnType<typeof tilesInWorker>[] = [];
  try {
    const bounds = store.areas.bounds();
    const newest = store.releases.list().length > 0 ? store.releases.resolve(undefined) : null;
    if (!newest || !bounds || maxZoom < 0) {
      replaceTileSets(db, []);
      return { release: null, sets: [], seconds: (Date.now() - started) / 1000 };
    }
    const stamp = store.prerenderedTiles.stamp(newest.id)!;
    const threshold = options.threshold ?? defaultThreshold(store.definitions());
    const layers = createTileLayers(store, maxTilePoints);
    const inWorker = options.worker ?? newest.uncovered >= PRERENDER_WORKER_MIN_UNCOVERED;
    const sets = PRERENDERED_LAYERS.map((name) => {
      const layer = layers.get(name)!;
      const minZoom = layer.minzoom;
      const top = Math.min(maxZoom, layer.maxzoom);
      const set = { key: tileSetKey(store, name, newest, threshold, maxTilePoints), stamp, minZoom, maxZoom: top, bounds };
      const walk = (from: number, to: number, start?: { x: number; y: number }[]) => {
        const descent = { deepestZoom: to };
        return {
          tiles: prerenderLayer(layer, newest, threshold, bounds, from, to, descent, start),
          deepestZoom: () => descent.deepestZoom,
        };
      };
      if (!inWorker || name !== WORKER_LAYER || top < WORKER_FROM_ZOOM || minZoom >= WORKER_FROM_ZOOM)
        return { ...set, ...walk(minZoom, top) };
      // The zooms above first, here (they are few and share the hexes' cells); the worker goes on below their non-empty tiles.
      const above = walk(minZoom, WORKER_FROM_ZOOM - 1);
      const upper = [...above.tiles];
      if (above.deepestZoom() < WORKER_FROM_ZOOM - 1) return { ...set, tiles: upper, deepestZoom: above.deepestZoom };
      const start = childrenWithin(
        bounds,
        WORKER_FROM_ZOOM - 1,
        upper.filter((t) => t.z === WORKER_FROM_ZOOM - 1),
      );
      const worker = tilesInWorker({
        path,
        layer: name,
        release: newest,
        stamp,
        threshold,
        maxTilePoints,
        bounds,
        from: WORKER_FROM_ZOOM,
        to: top,
        start,
      });
      workers.push(worker);
      return { ...set, tiles: chain(upper, worker.tiles), deepestZoom: worker.deepestZoom };
    });
    const stored = replaceTileSets(db, sets);
    return { release: newest.label, sets: stored, seconds: (Date.now() - started) / 1000 };
  } finally {
    for (const worker of workers) worker.close();
    // The reader first, so that closing the writer can leave the file in rollback-journal mode.
    store.close();
    closeWritable(db);
  }
}

/** One line on what was stored. */
export function describePrerender(s: PrerenderSummary): string {
  if (!s.release) return 'Pre-rendered tiles: none stored (no release, no areas, or --drop); every tile is computed on request.';
  const sets = s.sets.map((t) => `${t.layer} z${t.minZoom}-${t.maxZoom} ${t.tiles} tiles ${(t.bytes / 1024 / 1024).toFixed(1)} MiB`);
  return `Pre-rendered tiles of release ${s.release} at the default threshold: ${sets.join(', ')}, in ${s.seconds.toFixed(1)} s.`;
}

/**
 * Pre-renders after `atlas import` or `atlas demo` committed: the summary on stderr, and a failure only
 * warned about (the data is in; the server computes every tile on request until `atlas tiles` succeeds).
 */
export function prerenderAfter(command: string, path: string): void {
  try {
    process.stderr.write(`${describePrerender(prerenderTiles(path, { maxZoom: DEFAULT_TILES_MAX_ZOOM }))}\n`);
  } catch (err) {
    process.stderr.write(
      `atlas ${command}: pre-rendering the tiles failed (${(err as Error).message}); the server computes them on request. ` +
        `Run \`atlas tiles --db ${path}\` to try again.\n`,
    );
  }
}

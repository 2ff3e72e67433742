// Pre-renders the tiles a user opens first (issue 15): the default-threshold pyramid of the aggregate
// layers (hexes, uncovered) of the newest release, drawn by the server's tile code and stored by the
// pipeline's writer in one transaction. `atlas tiles` runs it, and `atlas import` and `atlas demo` at their end.
import { defaultThreshold } from '../common/definitions.ts';
import { PRERENDERED_LAYERS } from '../common/prerendered-tiles.ts';
import { closeWritable, openWritable } from '../common/schema.ts';
import type { Threshold } from '../common/types.ts';
import { WorkerBatches } from '../pipeline/import/worker-batches.ts';
import { replaceTileSets, type StoredTile, type TileSetSummary } from '../pipeline/tiles/tile-sets.ts';
import { CONFIG_KEYS, envName } from '../server/config.ts';
import { openStore } from '../server/store/index.ts';
import { createTileLayers } from '../server/tiles/index.ts';
import { MAX_TILES_PER_ZOOM, prerenderLayer, tileSetKey } from '../server/tiles/prerendered.ts';
import { SharedDescentStopped, sharedDescentState, stopSharedDescent } from '../server/tiles/shared-descent.ts';
import { collectGarbage } from '../common/collect-garbage.ts';
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
   * Share every walk with a helper thread (descendShared: the two draw each zoom's tiles between them).
   * Default: for releases where it pays for the helper's start (PRERENDER_HELPER_MIN_ADDRESSES).
   */
  worker?: boolean;
}

/**
 * Addresses from which a helper thread pays: it takes ~0.5 s of CPU and ~100-200 MiB more memory (a
 * second heap) to start, while a Dutch million addresses take ~5 s to draw (the hexes' cells) and the
 * uncovered points of 220 k FCC locations ~8 s.
 */
const PRERENDER_HELPER_MIN_ADDRESSES = 200_000;
const PRERENDER_HELPER_MIN_UNCOVERED = 100_000;

/**
 * A helper thread (prerender-worker.ts) walking every layer with this one: its tiles of each walk
 * are taken as they come, and kept until the caller asks for that walk's.
 */
function startHelper(data: PrerenderWorkerData) {
  // Unbounded look-ahead: the helper must never wait for this thread to take its tiles, only at a zoom's end.
  const helper = new WorkerBatches<PrerenderBatch>(new URL('./prerender-worker.ts', import.meta.url), data, {
    ahead: Number.MAX_SAFE_INTEGER,
    task: 'drawing tiles',
  });
  const kept = data.walks.map(() => [] as StoredTile[]);
  const ended = data.walks.map(() => false);
  const take = () => {
    const batch = helper.next();
    if (batch === null) throw new Error('the pre-render helper ended before its walks did');
    kept[batch.walk].push(...unpackTiles(batch));
    if (batch.last) ended[batch.walk] = true;
  };
  return {
    /** While this thread waits for the helper: takes what it posted (and throws what it failed with). */
    waiting: () => {
      while (helper.ready() && !ended.every(Boolean)) take();
    },
    /**
     * This thread's tiles of walk w, then the helper's. Where this thread's walk stopped because the
     * helper failed, the helper's own error is thrown: its reason, not the stop.
     */
    *tiles(w: number, own: Iterable<StoredTile>): Generator<StoredTile> {
      let complete = false;
      try {
        try {
          for (const tile of own) {
            yield tile;
            if (kept[w].length > 0) yield* kept[w].splice(0);
          }
        } catch (err) {
          if (err instanceof SharedDescentStopped) for (;;) take();
          throw err;
        }
        while (!ended[w]) take();
        yield* kept[w].splice(0);
        complete = true;
      } finally {
        // Left before its end (the caller stopped reading, or failed): the helper must not wait for this thread at a zoom's end.
        if (!complete) for (const walk of data.walks) stopSharedDescent(walk.state);
      }
    },
    close: () => {
      for (const walk of data.walks) stopSharedDescent(walk.state);
      helper.close();
    },
  };
}

/** Replaces the database's pre-rendered tiles by the pyramid z0..maxZoom of the newest release. */
export function prerenderTiles(path: string, options: PrerenderOptions): PrerenderSummary {
  const { maxZoom, maxTilePoints = serverMaxTilePoints() } = options;
  const started = Date.now();
  const db = openWritable(path);
  const store = openStore(path);
  let helper: ReturnType<typeof startHelper> | null = null;
  try {
    const bounds = store.areas.bounds();
    const newest = store.releases.list().length > 0 ? store.releases.resolve(undefined) : null;
    if (!newest || !bounds || maxZoom < 0) {
      replaceTileSets(db, []);
      return { release: null, sets: [], seconds: (Date.now() - started) / 1000 };
    }
    const stamp = store.prerenderedTiles.stamp(newest.id)!;
    const threshold = options.threshold ?? defaultThreshold(store.definitions());
    const layers = createTileLayers(store, maxTilePoints, { walk: true });
    const walks = PRERENDERED_LAYERS.map((name) => {
      const layer = layers.get(name)!;
      return {
        layer: name,
        minZoom: layer.minzoom,
        maxZoom: Math.min(maxZoom, layer.maxzoom),
        state: sharedDescentState(MAX_TILES_PER_ZOOM),
      };
    });
    const shared =
      options.worker ?? (newest.addresses >= PRERENDER_HELPER_MIN_ADDRESSES || newest.uncovered >= PRERENDER_HELPER_MIN_UNCOVERED);
    if (shared) helper = startHelper({ path, release: newest, stamp, threshold, maxTilePoints, bounds, walks });
    const sets = walks.map((walk, w) => {
      const descent = { deepestZoom: walk.maxZoom };
      const own = prerenderLayer(
        layers.get(walk.layer)!,
        newest,
        threshold,
        bounds,
        walk.minZoom,
        walk.maxZoom,
        descent,
        helper ? { state: walk.state, waiting: helper.waiting } : undefined,
      );
      return {
        key: tileSetKey(store, walk.layer, newest, threshold, maxTilePoints),
        stamp,
        minZoom: walk.minZoom,
        maxZoom: walk.maxZoom,
        bounds,
        tiles: helper ? helper.tiles(w, own) : own,
        deepestZoom: () => descent.deepestZoom,
      };
    });
    const stored = replaceTileSets(db, sets);
    return { release: newest.label, sets: stored, seconds: (Date.now() - started) / 1000 };
  } finally {
    helper?.close();
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
  // What the import or demo left on the heap goes before the pre-render's threads take memory of their own.
  collectGarbage();
  try {
    process.stderr.write(`${describePrerender(prerenderTiles(path, { maxZoom: DEFAULT_TILES_MAX_ZOOM }))}\n`);
  } catch (err) {
    process.stderr.write(
      `atlas ${command}: pre-rendering the tiles failed (${(err as Error).message}); the server computes them on request. ` +
        `Run \`atlas tiles --db ${path}\` to try again.\n`,
    );
  }
}

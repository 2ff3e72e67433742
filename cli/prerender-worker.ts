// The helper thread of a pre-render (prerender.ts): walks each layer's pyramid together with the
// calling thread (descendShared: the tiles of each zoom are shared out as they are claimed), from its
// own read-only connection, and posts the gzipped tiles it drew in batches through the channel of
// worker-batches.ts, each walk's last batch marked.
import { workerData } from 'node:worker_threads';
import type { Threshold } from '../common/types.ts';
import { postBatches, type WorkerChannel } from '../pipeline/import/worker-batches.ts';
import type { StoredTile } from '../pipeline/tiles/tile-sets.ts';
import { type PrerenderBatch, packTiles } from './tile-batches.ts';
import { openStore } from '../server/store/index.ts';
import type { Release } from '../server/store/releases.ts';
import { createTileLayers } from '../server/tiles/index.ts';
import { prerenderLayer } from '../server/tiles/prerendered.ts';
import { type SharedDescentState, stopSharedDescent } from '../server/tiles/shared-descent.ts';

/** One layer's walk, as the calling thread walks it. */
export interface SharedLayerWalk {
  layer: string;
  minZoom: number;
  maxZoom: number;
  state: SharedDescentState;
}

export interface PrerenderWorkerData {
  path: string;
  release: Release;
  /** The release's stamp when the calling thread began: the worker refuses to draw other data. */
  stamp: string;
  threshold: Threshold;
  maxTilePoints: number;
  bounds: [number, number, number, number];
  /** The walks, in the calling thread's order. */
  walks: SharedLayerWalk[];
}

/** Tiles a message: few messages, each small (tiles are 0.1-10 KiB gzipped). */
const TILES_A_BATCH = 256;

const data = workerData as PrerenderWorkerData & WorkerChannel;

/** Whatever fails here, the calling thread must not wait for this one at a zoom's end. */
function stopAll(): void {
  for (const walk of data.walks) stopSharedDescent(walk.state);
}

function open() {
  try {
    const store = openStore(data.path);
    const stamp = store.prerenderedTiles.stamp(data.release.id);
    if (stamp !== data.stamp) {
      store.close();
      throw new Error(`release ${data.release.id} was replaced or removed while its tiles were rendered`);
    }
    const layers = createTileLayers(store, data.maxTilePoints, { walk: true });
    let w = 0;
    let tiles: Generator<StoredTile> | null = null;
    return {
      next(): PrerenderBatch | null {
        try {
          if (w === data.walks.length) return null;
          const walk = data.walks[w];
          tiles ??= prerenderLayer(
            layers.get(walk.layer)!,
            data.release,
            data.threshold,
            data.bounds,
            walk.minZoom,
            walk.maxZoom,
            undefined,
            {
              state: walk.state,
            },
          );
          const batch: StoredTile[] = [];
          for (let t = tiles.next(); !t.done; t = tiles.next()) {
            batch.push(t.value);
            if (batch.length === TILES_A_BATCH) return packTiles(w, false, batch);
          }
          tiles = null;
          return packTiles(w++, true, batch);
        } catch (err) {
          stopAll();
          throw err;
        }
      },
      close(): void {
        store.close();
      },
    };
  } catch (err) {
    stopAll();
    throw err;
  }
}

postBatches<PrerenderBatch>(data, open, (batch) => [batch.tiles.buffer, batch.gz.buffer] as ArrayBuffer[]);

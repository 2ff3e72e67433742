// The worker thread of a pre-render (prerender.ts): draws one layer's pyramid from its own read-only
// connection while the calling thread draws the other, and posts the gzipped tiles in batches through
// the channel of worker-batches.ts, then the deepest zoom it reached.
import { workerData } from 'node:worker_threads';
import type { Threshold } from '../common/types.ts';
import { postBatches, type WorkerChannel } from '../pipeline/import/worker-batches.ts';
import type { StoredTile } from '../pipeline/tiles/tile-sets.ts';
import { openStore } from '../server/store/index.ts';
import type { Release } from '../server/store/releases.ts';
import { createTileLayers } from '../server/tiles/index.ts';
import { prerenderLayer } from '../server/tiles/prerendered.ts';

export interface PrerenderWorkerData {
  path: string;
  layer: string;
  release: Release;
  /** The release's stamp when the calling thread began: the worker refuses to draw other data. */
  stamp: string;
  threshold: Threshold;
  maxTilePoints: number;
  bounds: [number, number, number, number];
  minZoom: number;
  maxZoom: number;
}

/** A batch of tiles, or the last message: the deepest zoom the walk reached. */
export type PrerenderBatch = { tiles: StoredTile[] } | { deepestZoom: number };

/** Tiles a message: few messages, each small (tiles are 0.1-10 KiB gzipped). */
const TILES_A_BATCH = 256;

const data = workerData as PrerenderWorkerData & WorkerChannel;

function open() {
  const store = openStore(data.path);
  const stamp = store.prerenderedTiles.stamp(data.release.id);
  if (stamp !== data.stamp) {
    store.close();
    throw new Error(`release ${data.release.id} was replaced or removed while its tiles were rendered`);
  }
  const layer = createTileLayers(store, data.maxTilePoints).get(data.layer)!;
  const descent = { deepestZoom: data.maxZoom };
  const tiles = prerenderLayer(layer, data.release, data.threshold, data.bounds, data.minZoom, data.maxZoom, descent);
  let ended = false;
  return {
    next(): PrerenderBatch | null {
      if (ended) return null;
      const batch: StoredTile[] = [];
      for (let t = tiles.next(); !t.done; t = tiles.next()) {
        batch.push(t.value);
        if (batch.length === TILES_A_BATCH) return { tiles: batch };
      }
      if (batch.length > 0) return { tiles: batch };
      ended = true;
      return { deepestZoom: descent.deepestZoom };
    },
    close(): void {
      store.close();
    },
  };
}

postBatches<PrerenderBatch>(data, open, () => []);

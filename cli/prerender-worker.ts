// The worker thread of a pre-render (prerender.ts): walks one layer's pyramid on from a zoom, from its
// own read-only connection, while the calling thread draws the rest, and posts the gzipped tiles in
// batches through the channel of worker-batches.ts, then the deepest zoom it reached.
import { workerData } from 'node:worker_threads';
import type { Threshold } from '../common/types.ts';
import { postBatches, type WorkerChannel } from '../pipeline/import/worker-batches.ts';
import type { StoredTile } from '../pipeline/tiles/tile-sets.ts';
import { type PrerenderBatch, packTiles } from './tile-batches.ts';
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
  /** The zooms to walk, from the tiles `start` of zoom `from` (the children of the non-empty tiles above). */
  from: number;
  to: number;
  start: { x: number; y: number }[];
}

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
  const descent = { deepestZoom: data.to };
  const tiles = prerenderLayer(layer, data.release, data.threshold, data.bounds, data.from, data.to, descent, data.start);
  let ended = false;
  return {
    next(): PrerenderBatch | null {
      if (ended) return null;
      const batch: StoredTile[] = [];
      for (let t = tiles.next(); !t.done; t = tiles.next()) {
        batch.push(t.value);
        if (batch.length === TILES_A_BATCH) return packTiles(batch);
      }
      if (batch.length > 0) return packTiles(batch);
      ended = true;
      return { deepestZoom: descent.deepestZoom };
    },
    close(): void {
      store.close();
    },
  };
}

postBatches<PrerenderBatch>(data, open, (batch) => ('gz' in batch ? [batch.tiles.buffer, batch.gz.buffer] : []) as ArrayBuffer[]);

// The other thread of the shared-descent test: walks the patterned pyramid it is given with the test's
// thread (descendShared) and posts the keys of the tiles it drew, one batch.
import { workerData } from 'node:worker_threads';
import { postBatches, type WorkerChannel } from '../../pipeline/import/worker-batches.ts';
import { descendShared, type SharedDescentState, stopSharedDescent } from '../../server/tiles/shared-descent.ts';
import { patterned } from './patterned-render.ts';

export interface SharedDescentWorkerData {
  bounds: number[];
  minZoom: number;
  maxZoom: number;
  share: number;
  maxTilesPerZoom: number;
  state: SharedDescentState;
}

const data = workerData as SharedDescentWorkerData & WorkerChannel;
let done = false;
postBatches<string[]>(
  data,
  () => ({
    next() {
      if (done) return null;
      done = true;
      const keys: string[] = [];
      try {
        const render = patterned(data.share);
        for (const t of descendShared(data.bounds, data.minZoom, data.maxZoom, render, data.maxTilesPerZoom, data.state)) {
          keys.push(`${t.z}/${t.x}/${t.y}`);
        }
      } catch (err) {
        stopSharedDescent(data.state);
        throw err;
      }
      return keys;
    },
    close() {},
  }),
  () => [],
);

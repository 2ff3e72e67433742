// The worker thread of startClusters (index.ts): computes a release's clusters from the points the
// import collected and posts them packed (packed.ts), ready to write, through the channel of worker-batches.ts.
import { workerData } from 'node:worker_threads';
import { postBatches, type WorkerChannel } from '../import/worker-batches.ts';
import { type ClusterWorkerData, computeInWorker } from './index.ts';
import { type PackedClusters, packClusters, packedClusterBuffers } from './packed.ts';

const data = workerData as ClusterWorkerData & WorkerChannel;
postBatches<PackedClusters>(
  data,
  () => {
    let computed: PackedClusters | null = packClusters(computeInWorker(data));
    return {
      next() {
        const out = computed;
        computed = null;
        return out;
      },
      close() {},
    };
  },
  packedClusterBuffers,
);

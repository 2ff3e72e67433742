// The worker thread of startClusters (index.ts): computes a release's clusters from the points the
// import collected and posts them, ready to write, through the channel of worker-batches.ts.
import { workerData } from 'node:worker_threads';
import { postBatches, type WorkerChannel } from '../import/worker-batches.ts';
import { type ClusterWorkerData, type ComputedClusters, computeInWorker } from './index.ts';

const data = workerData as ClusterWorkerData & WorkerChannel;
postBatches<ComputedClusters>(
  data,
  () => {
    let computed: ComputedClusters | null = computeInWorker(data);
    return {
      next() {
        const out = computed;
        computed = null;
        return out;
      },
      close() {},
    };
  },
  () => [],
);

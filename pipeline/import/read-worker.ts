// The worker thread of a RowSource (row-source.ts): reads connection files into batches and posts
// them through the channel of worker-batches.ts.
import { workerData } from 'node:worker_threads';
import { BatchReader } from './batch-reader.ts';
import { AreaLocator } from './locate.ts';
import { transferables } from './row-batch.ts';
import type { ReadWorkerData } from './row-source.ts';
import { postBatches } from './worker-batches.ts';

const { files, encoding, mapping, residentialOnly, areas, staging, claims } = workerData as ReadWorkerData;
postBatches(
  workerData as ReadWorkerData,
  () => new BatchReader(files, new AreaLocator(areas), encoding, mapping, residentialOnly, staging, claims),
  transferables,
);

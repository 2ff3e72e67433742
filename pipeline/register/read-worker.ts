// The worker thread of a register load (index.ts): reads the register files into batches
// (batch-reader.ts) and posts them through the channel of import/worker-batches.ts.
import { workerData } from 'node:worker_threads';
import type { Encoding } from '../import/csv.ts';
import { AreaLocator, type LocatorArea } from '../import/locate.ts';
import { postBatches, type WorkerChannel } from '../import/worker-batches.ts';
import { RegisterBatchReader, registerTransferables } from './batch-reader.ts';

export interface RegisterWorkerData {
  files: string[];
  areas: LocatorArea[];
  areaNames: string[];
  encoding: Encoding;
  mapping: Map<string, string>;
}

const data = workerData as RegisterWorkerData & WorkerChannel;
postBatches(
  data,
  () => new RegisterBatchReader(data.files, new AreaLocator(data.areas), data.areaNames, data.encoding, data.mapping),
  registerTransferables,
);

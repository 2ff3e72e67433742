// The worker thread of a join (join.ts): reads the coverage lists into batches (list-reader.ts) and
// posts them through the channel of worker-batches.ts.
import { workerData } from 'node:worker_threads';
import type { Encoding } from './csv.ts';
import { ListBatchReader, listTransferables } from './list-reader.ts';
import { postBatches, type WorkerChannel } from './worker-batches.ts';

export interface ListWorkerData {
  files: string[];
  encoding: Encoding;
  mapping: Map<string, string>;
  /** ListBatchReader's allRaw. */
  allRaw: boolean;
}

const data = workerData as ListWorkerData & WorkerChannel;
postBatches(data, () => new ListBatchReader(data.files, data.encoding, data.mapping, data.allRaw), listTransferables);

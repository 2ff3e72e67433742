// The worker thread of a RowSource (row-source.ts): reads the files into batches and posts them,
// staying at most AHEAD batches in front of the importing thread, so memory stays bounded.
import { workerData } from 'node:worker_threads';
import { BatchReader } from './batch-reader.ts';
import { FileError } from './columns.ts';
import { AreaLocator } from './locate.ts';
import { transferables } from './row-batch.ts';
import { POSTED, STOP, TAKEN, type ReadMessage, type ReadWorkerData } from './row-source.ts';

/** Batches posted and not yet taken, at most: a few MiB, enough to ride out pauses on either side. */
const AHEAD = 64;

function run({ files, encoding, mapping, residentialOnly, areas, port, shared }: ReadWorkerData): void {
  let posted = 0;
  const post = (message: ReadMessage, transfer: ArrayBuffer[] = []): boolean => {
    for (;;) {
      if (Atomics.load(shared, STOP)) return false;
      const taken = Atomics.load(shared, TAKEN);
      if (posted - taken < AHEAD) break;
      Atomics.wait(shared, TAKEN, taken);
    }
    port.postMessage(message, transfer);
    Atomics.store(shared, POSTED, ++posted);
    Atomics.notify(shared, POSTED);
    return true;
  };
  let reader: BatchReader | null = null;
  try {
    reader = new BatchReader(files, new AreaLocator(areas), encoding, mapping, residentialOnly);
    for (let batch = reader.next(); batch !== null; batch = reader.next()) {
      if (!post({ batch }, transferables(batch))) return;
    }
    post({ end: true });
  } catch (err) {
    const error = err instanceof FileError ? err.message : ((err as Error).stack ?? String(err));
    post({ error, file: err instanceof FileError });
  } finally {
    reader?.close();
    port.close();
  }
}

run(workerData as ReadWorkerData);

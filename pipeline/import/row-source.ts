// Where the importing thread gets its batches of checked rows: read in this thread, or read ahead
// in a worker thread so that reading and checking overlap with SQLite's inserts on another core.
// Either way next() is synchronous, so the import stays one synchronous transaction.
import { BatchReader } from './batch-reader.ts';
import type { Encoding } from './csv.ts';
import type { AreaLocator, LocatorArea } from './locate.ts';
import type { RowBatch } from './row-batch.ts';
import { WorkerBatches, type WorkerChannel } from './worker-batches.ts';

export interface ReadWorkerData extends WorkerChannel {
  files: string[];
  encoding: Encoding;
  mapping: Map<string, string>;
  residentialOnly: boolean;
  areas: LocatorArea[];
}

export interface RowSource {
  /** The next batch, or null after the last row of the last file. */
  next(): RowBatch | null;
  close(): void;
}

/** Rows of the files, placed by `locator` (a worker builds its own from the same areas). */
export function readRows(
  files: readonly string[],
  locator: AreaLocator,
  inWorker: boolean,
  encoding: Encoding = 'utf-8',
  mapping = new Map<string, string>(),
  residentialOnly = false,
): RowSource {
  return inWorker
    ? new WorkerBatches<RowBatch>(new URL('./read-worker.ts', import.meta.url), {
        files: [...files],
        encoding,
        mapping,
        residentialOnly,
        areas: [...locator.areas],
      })
    : new BatchReader(files, locator, encoding, mapping, residentialOnly);
}

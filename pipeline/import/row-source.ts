// Where the importing thread gets its batches of checked rows: read in this thread, or read ahead
// in a worker thread so that reading and checking overlap with SQLite's inserts on another core.
// Either way next() is synchronous, so the import stays one synchronous transaction.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { BatchReader } from './batch-reader.ts';
import { FileError } from './columns.ts';
import type { Encoding } from './csv.ts';
import type { AreaLocator, LocatorArea } from './locate.ts';
import type { RowBatch } from './row-batch.ts';

/** Slots of the counters shared with the worker: messages posted, messages taken, a stop request (read-worker.mjs knows POSTED too). */
export const POSTED = 0;
export const TAKEN = 1;
export const STOP = 2;

export interface ReadWorkerData {
  files: string[];
  encoding: Encoding;
  mapping: Map<string, string>;
  residentialOnly: boolean;
  areas: LocatorArea[];
  port: MessagePort;
  shared: Int32Array;
}

/** `file`: the error is a FileError, to tell the user as it is; otherwise the worker failed. */
export type ReadMessage = { batch: RowBatch } | { end: true } | { error: string; file: boolean };

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
    ? new WorkerRows(files, locator.areas, encoding, mapping, residentialOnly)
    : new BatchReader(files, locator, encoding, mapping, residentialOnly);
}

class WorkerRows implements RowSource {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly shared = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private taken = 0;
  private done = false;

  constructor(
    files: readonly string[],
    areas: readonly LocatorArea[],
    encoding: Encoding,
    mapping: Map<string, string>,
    residentialOnly: boolean,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: ReadWorkerData = {
      files: [...files],
      encoding,
      mapping,
      residentialOnly,
      areas: [...areas],
      port: port2,
      shared: this.shared,
    };
    this.worker = new Worker(new URL('./read-worker.mjs', import.meta.url), { workerData, transferList: [port2] });
    this.worker.unref();
  }

  next(): RowBatch | null {
    if (this.done) return null;
    // Blocks until the worker has posted a message beyond those taken (the counter rises after the post).
    while (Atomics.load(this.shared, POSTED) === this.taken) Atomics.wait(this.shared, POSTED, this.taken);
    const message = receiveMessageOnPort(this.port)?.message as ReadMessage;
    this.taken++;
    Atomics.store(this.shared, TAKEN, this.taken);
    Atomics.notify(this.shared, TAKEN);
    if ('batch' in message) return message.batch;
    this.done = true;
    if ('end' in message) return null;
    throw message.file ? new FileError(message.error) : new Error(`reading rows failed: ${message.error}`);
  }

  close(): void {
    Atomics.store(this.shared, STOP, 1);
    Atomics.notify(this.shared, TAKEN);
    this.port.close();
    void this.worker.terminate();
  }
}

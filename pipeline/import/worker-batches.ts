// Batches read in a worker thread and taken synchronously by the loading thread, so that a load
// stays one synchronous transaction while reading and checking run on another core. The worker
// stays at most AHEAD batches in front, so memory stays bounded. read-worker.mjs starts the worker
// module (its esbuild bundle where there is one: worker-bundle.ts); postBatches is its side of the
// channel, WorkerBatches the loading thread's.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { FileError } from './columns.ts';
import { bundledWorker } from './worker-bundle.ts';

/** Slots of the counters shared with the worker: messages posted, messages taken, a stop request (read-worker.mjs knows POSTED too). */
export const POSTED = 0;
export const TAKEN = 1;
export const STOP = 2;

/** Batches posted and not yet taken, at most: a few MiB, enough to ride out pauses on either side. */
const AHEAD = 64;

/** What every worker gets besides its own data: the module to run and its end of the channel. */
export interface WorkerChannel {
  module: string;
  port: MessagePort;
  shared: Int32Array;
  /** Batches the worker may post ahead of those taken (default AHEAD). */
  ahead?: number;
}

/** `file`: the error is a FileError, to tell the user as it is; otherwise the worker failed. */
export type WorkerMessage<T> = { batch: T } | { end: true } | { error: string; file: boolean };

export class WorkerBatches<T> {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly shared = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private taken = 0;
  private done = false;
  /** Settles when the worker's thread has ended: after that it touches nothing more. */
  private readonly exited: Promise<void>;

  private readonly task: string;

  /**
   * Runs `module` (a worker module that calls postBatches) with `data` plus the channel as its workerData;
   * `ahead`: batches it may post before the first is taken (a worker whose output is taken only once it is done needs all);
   * `transfer`: buffers of `data` handed over rather than copied (unusable here afterwards); `task`
   * names what the worker does in the error when it fails.
   */
  constructor(
    module: URL,
    data: object,
    { ahead = AHEAD, transfer = [], task = 'reading rows' }: { ahead?: number; transfer?: ArrayBuffer[]; task?: string } = {},
  ) {
    this.task = task;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: WorkerChannel = { ...data, module: bundledWorker(module).href, port: port2, shared: this.shared, ahead };
    this.worker = new Worker(new URL('./read-worker.mjs', import.meta.url), { workerData, transferList: [port2, ...transfer] });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.unref();
  }

  /** True when next() would not wait: the worker has posted a message not yet taken (or it is done). */
  ready(): boolean {
    return this.done || Atomics.load(this.shared, POSTED) !== this.taken;
  }

  /** The next batch, or null after the last. Throws the worker's FileError, or an Error when it failed. */
  next(): T | null {
    if (this.done) return null;
    // Blocks until the worker has posted a message beyond those taken (the counter rises after the post).
    while (Atomics.load(this.shared, POSTED) === this.taken) Atomics.wait(this.shared, POSTED, this.taken);
    const message = receiveMessageOnPort(this.port)?.message as WorkerMessage<T>;
    this.taken++;
    Atomics.store(this.shared, TAKEN, this.taken);
    Atomics.notify(this.shared, TAKEN);
    if ('batch' in message) return message.batch;
    this.done = true;
    if ('end' in message) return null;
    throw message.file ? new FileError(message.error) : new Error(`${this.task} failed: ${message.error}`);
  }

  /**
   * Stops the worker. The promise settles once its thread has ended, when what it was writing or
   * reading (files it was handed) may be closed: until then it may still be in the middle of a call.
   */
  close(): Promise<void> {
    Atomics.store(this.shared, STOP, 1);
    Atomics.notify(this.shared, TAKEN);
    this.port.close();
    void this.worker.terminate();
    return this.exited;
  }
}

/** The worker's side: posts what `open()`'s reader gives until null, an error, or a stop request. */
export function postBatches<T>(
  { port, shared, ahead = AHEAD }: WorkerChannel,
  open: () => { next(): T | null; close(): void },
  transfer: (batch: T) => ArrayBuffer[],
): void {
  let posted = 0;
  const post = (message: WorkerMessage<T>, list: ArrayBuffer[] = []): boolean => {
    for (;;) {
      if (Atomics.load(shared, STOP)) return false;
      const taken = Atomics.load(shared, TAKEN);
      if (posted - taken < ahead) break;
      Atomics.wait(shared, TAKEN, taken);
    }
    port.postMessage(message, list);
    Atomics.store(shared, POSTED, ++posted);
    Atomics.notify(shared, POSTED);
    return true;
  };
  let reader: { next(): T | null; close(): void } | null = null;
  try {
    reader = open();
    for (let batch = reader.next(); batch !== null; batch = reader.next()) {
      if (!post({ batch }, transfer(batch))) return;
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

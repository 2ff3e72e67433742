// Writes text to a response in batches that respect back-pressure, lets other requests run between
// batches, and stops when the reader went away.
import type { Writable } from 'node:stream';

const BATCH = 1000;

/** Rows from the store: a plain iterable, or an async one that yields between its pages. */
export type Rows<T> = Iterable<T> | AsyncIterable<T>;

/** Batches of up to BATCH items; a plain iterable is read without a promise per item. */
async function* batches<T>(items: Rows<T>): AsyncGenerator<T[]> {
  let batch: T[] = [];
  if (Symbol.asyncIterator in items) {
    for await (const item of items)
      if (batch.push(item) === BATCH) {
        yield batch;
        batch = [];
      }
  } else {
    for (const item of items)
      if (batch.push(item) === BATCH) {
        yield batch;
        batch = [];
      }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Waits for `out` to drain (or close) through one pair of listeners for the whole response. A listener
 * per wait (events.once) piled up on a compressed response: the compression middleware hands 'drain'
 * listeners to its gzip stream but leaves their removal to the response, so a big export left one
 * behind per wait, every one of them called on each later drain.
 */
function drainWaiter(out: Writable) {
  let wake: (() => void) | null = null;
  const onEvent = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  out.on('drain', onEvent);
  out.on('close', onEvent);
  return {
    wait: () => new Promise<void>((resolve) => (wake = resolve)),
    stop: () => {
      out.off('drain', onEvent);
      out.off('close', onEvent);
    },
  };
}

export async function writeBatched<T>(out: Writable, items: Rows<T>, line: (item: T) => string, head: string, tail: string): Promise<void> {
  const drain = drainWaiter(out);
  try {
    let buffer = head;
    for await (const batch of batches(items)) {
      for (const item of batch) buffer += line(item);
      if (!out.write(buffer) && !out.destroyed) await drain.wait();
      buffer = '';
      if (out.destroyed) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (out.destroyed) return;
    }
    out.end(buffer + tail);
  } finally {
    drain.stop();
  }
}

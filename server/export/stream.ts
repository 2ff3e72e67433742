// Writes text to a response in batches that respect back-pressure, lets other requests run between
// batches, and stops when the reader went away.
import { once } from 'node:events';
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

export async function writeBatched<T>(out: Writable, items: Rows<T>, line: (item: T) => string, head: string, tail: string): Promise<void> {
  let buffer = head;
  for await (const batch of batches(items)) {
    for (const item of batch) buffer += line(item);
    if (!out.write(buffer)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
    buffer = '';
    if (out.destroyed) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (out.destroyed) return;
  }
  out.end(buffer + tail);
}

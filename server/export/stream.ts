// Writes text to a response in batches that respect back-pressure, and stops when the reader went away.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const BATCH = 1000;

export async function writeBatched<T>(out: Writable, items: Iterable<T>, line: (item: T) => string, head: string, tail: string): Promise<void> {
  let buffer = head;
  let n = 0;
  for (const item of items) {
    buffer += line(item);
    if (++n % BATCH === 0) {
      if (!out.write(buffer)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
      if (out.destroyed) return;
      buffer = '';
      // Let other requests run between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (out.destroyed) return;
    }
  }
  out.end(buffer + tail);
}

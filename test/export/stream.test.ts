// writeBatched, the exports' writer: every row arrives, in order, through back-pressure, and waiting for
// 'drain' leaves no listener behind on a stream that, like the compression middleware's response,
// hands 'drain' listeners to another emitter but does not forward their removal.
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeBatched } from '../../server/export/stream.ts';

/** A slow writable with a tiny buffer whose 'drain' listeners live on `forwarded`, as compression's res.on does. */
function compressedLikeResponse() {
  const chunks: string[] = [];
  const out = new Writable({
    highWaterMark: 256,
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      setImmediate(done);
    },
  });
  const forwarded = new EventEmitter();
  const on = out.on.bind(out);
  on('drain', () => forwarded.emit('drain'));
  out.on = function (this: Writable, type: string | symbol, listener: (...args: unknown[]) => void) {
    if (type === 'drain') {
      forwarded.on(type, listener);
      return this;
    }
    return on(type, listener);
  } as Writable['on'];
  return { out, forwarded, text: () => chunks.join('') };
}

describe('writeBatched', () => {
  it('writes every row in order and leaves at most one drain listener on the stream it was handed', async () => {
    const { out, forwarded, text } = compressedLikeResponse();
    const rows = Array.from({ length: 20_000 }, (_, i) => i);
    let waits = 0;
    forwarded.on('drain', () => waits++);
    await writeBatched(out, rows, (i) => `${i}\n`, 'head\n', 'tail\n');
    await new Promise((resolve) => out.on('finish', resolve));
    expect(text()).toBe(`head\n${rows.map((i) => `${i}\n`).join('')}tail\n`);
    // It did wait (the test stream pushed back), and one listener per wait was what piled up before.
    expect(waits).toBeGreaterThan(10);
    // The test's own counter, and at most one of writeBatched's (the old code left one per wait: 21 here).
    expect(forwarded.listenerCount('drain')).toBeLessThanOrEqual(2);
  });

  it('stops when the reader goes away while it waits', async () => {
    const { out } = compressedLikeResponse();
    const rows = (function* () {
      for (let i = 0; ; i++) {
        if (i === 5_000) out.destroy();
        yield i;
      }
    })();
    await writeBatched(out, rows, (i) => `${i}\n`, '', '');
    expect(out.destroyed).toBe(true);
  });
});

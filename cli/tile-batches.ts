// Gzipped tiles as a pre-render's worker posts them (prerender-worker.ts) and its caller takes them
// (prerender.ts): packed into two buffers per batch, handed over rather than copied.
import type { StoredTile } from '../pipeline/tiles/tile-sets.ts';

/**
 * A batch of tiles of one walk (the `walk`-th the worker was given) packed in two buffers handed over
 * whole (a gzip result is a view of a larger buffer, which posting would copy entire): per tile z, x, y
 * and the end of its bytes in `gz`. `last`: the walk's last batch (its tiles may be none).
 */
export type PrerenderBatch = { walk: number; last: boolean; tiles: Int32Array; gz: Uint8Array };

/** The tiles of a batch, their bytes views of its buffer. */
export function unpackTiles(batch: { tiles: Int32Array; gz: Uint8Array }): StoredTile[] {
  const out: StoredTile[] = [];
  for (let i = 0, start = 0; i < batch.tiles.length; i += 4) {
    const end = batch.tiles[i + 3];
    out.push({ z: batch.tiles[i], x: batch.tiles[i + 1], y: batch.tiles[i + 2], gz: batch.gz.subarray(start, end) });
    start = end;
  }
  return out;
}

export function packTiles(walk: number, last: boolean, tiles: StoredTile[]): PrerenderBatch {
  const index = new Int32Array(tiles.length * 4);
  const gz = new Uint8Array(tiles.reduce((n, t) => n + t.gz.length, 0));
  let end = 0;
  tiles.forEach((t, i) => {
    gz.set(t.gz, end);
    end += t.gz.length;
    index.set([t.z, t.x, t.y, end], i * 4);
  });
  return { walk, last, tiles: index, gz };
}

// Bytes kept in long-lived caches. Node hands out small Buffers as views into shared 8 KB slabs (and
// gzipSync into 16 KB chunks), so a cached 300-byte view can hold a whole slab alive: cached bytes
// get their own, exactly sized memory, and caches weigh an entry by what it really holds.

/** A copy of `bytes` in memory of its own (not a pool slab), safe to keep for long. */
export function ownBytes(bytes: Uint8Array): Buffer {
  const own = Buffer.allocUnsafeSlow(bytes.length);
  own.set(bytes);
  return own;
}

/**
 * Bytes a cache entry costs beyond its payload and key: the Map slot, the entry object, a Buffer, its
 * ArrayBuffer and the native backing store with its malloc header. Measured over 100,000 tile-like
 * entries after GC (node --expose-gc, Node 20): ~630 B of heap, ~100 B of it the key and ETag, and
 * ~480 B of RSS beyond heap and payload.
 */
export const ENTRY_OVERHEAD = 1000;

/** Bytes a string key costs: its characters (one byte each when Latin-1, else two) and a header. */
export function keyBytes(key: string): number {
  let oneByte = true;
  for (let i = 0; i < key.length && oneByte; i++) oneByte = key.charCodeAt(i) <= 0xff;
  return (oneByte ? key.length : 2 * key.length) + 32;
}

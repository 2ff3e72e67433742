// PMTiles v3 encoding (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): the 127-byte
// header, directories (varint columns, gzip) and their split into a root and leaf directories so the
// root fits the first 16 KiB. The `pmtiles` package reads archives but writes none, so this is ours.
import { gzipSync } from 'node:zlib';
import { Compression, TileType } from 'pmtiles';

export const HEADER_BYTES = 127;
const ROOT_MAX_BYTES = 16384 - HEADER_BYTES;

export interface Entry {
  tileId: number;
  offset: number;
  length: number;
  /** Consecutive tile ids sharing these bytes; 0 for an entry pointing to a leaf directory. */
  runLength: number;
}

export interface HeaderFields {
  rootDirectoryOffset: number;
  rootDirectoryLength: number;
  jsonMetadataOffset: number;
  jsonMetadataLength: number;
  leafDirectoryOffset: number;
  leafDirectoryLength: number;
  tileDataOffset: number;
  tileDataLength: number;
  numAddressedTiles: number;
  numTileEntries: number;
  numTileContents: number;
  minZoom: number;
  maxZoom: number;
  bounds: readonly [number, number, number, number];
  center: readonly [number, number, number];
}

/** Unsigned LEB128 of a whole number below 2^53 (no 32-bit bit operations). */
function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** A directory as the spec lays it out: count, delta tile ids, run lengths, lengths, offsets (0 = right after the previous). */
export function serializeDirectory(entries: readonly Entry[]): Buffer {
  const out: number[] = [];
  pushVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    pushVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) pushVarint(out, e.runLength);
  for (const e of entries) pushVarint(out, e.length);
  entries.forEach((e, i) => {
    const previous = entries[i - 1];
    pushVarint(out, i > 0 && e.offset === previous.offset + previous.length ? 0 : e.offset + 1);
  });
  return gzipSync(Buffer.from(out));
}

/** The root directory, and leaf directories when the entries do not fit the root alone. */
export function buildDirectories(entries: readonly Entry[]): { root: Buffer; leaves: Buffer } {
  const whole = serializeDirectory(entries);
  if (whole.length <= ROOT_MAX_BYTES) return { root: whole, leaves: Buffer.alloc(0) };
  for (let leafSize = 4096; ; leafSize *= 2) {
    const rootEntries: Entry[] = [];
    const leaves: Buffer[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const leaf = serializeDirectory(entries.slice(i, i + leafSize));
      rootEntries.push({ tileId: entries[i].tileId, offset, length: leaf.length, runLength: 0 });
      leaves.push(leaf);
      offset += leaf.length;
    }
    const root = serializeDirectory(rootEntries);
    if (root.length <= ROOT_MAX_BYTES) return { root, leaves: Buffer.concat(leaves) };
  }
}

const e7 = (deg: number) => Math.round(deg * 1e7);

/** The fixed header: clustered, gzip inside and for tiles, MVT tiles. */
export function serializeHeader(h: HeaderFields): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  b.write('PMTiles', 0, 'ascii');
  b[7] = 3;
  const u64 = [
    h.rootDirectoryOffset,
    h.rootDirectoryLength,
    h.jsonMetadataOffset,
    h.jsonMetadataLength,
    h.leafDirectoryOffset,
    h.leafDirectoryLength,
    h.tileDataOffset,
    h.tileDataLength,
    h.numAddressedTiles,
    h.numTileEntries,
    h.numTileContents,
  ];
  for (const [i, v] of u64.entries()) b.writeBigUInt64LE(BigInt(v), 8 + i * 8);
  b[96] = 1;
  b[97] = Compression.Gzip;
  b[98] = Compression.Gzip;
  b[99] = TileType.Mvt;
  b[100] = h.minZoom;
  b[101] = h.maxZoom;
  const [w, s, e, n] = h.bounds;
  b.writeInt32LE(e7(w), 102);
  b.writeInt32LE(e7(s), 106);
  b.writeInt32LE(e7(e), 110);
  b.writeInt32LE(e7(n), 114);
  b[118] = h.center[2];
  b.writeInt32LE(e7(h.center[0]), 119);
  b.writeInt32LE(e7(h.center[1]), 123);
  return b;
}

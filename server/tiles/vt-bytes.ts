// What a geojson-vt index holds in memory, tile by tile, so a cache can weigh it (index-cache.ts).
import type GeoJSONVT from 'geojson-vt';

interface VtTile {
  features: { geometry: unknown }[];
  source: { geometry: unknown }[] | null;
}

/**
 * Bytes per tile object and per feature object, beyond 8 per coordinate number: with these the
 * estimate came within -5 %..+55 % of the heap measured after GC (node --expose-gc) for the fixture's
 * cluster indexes, first pass and 300 drilled tiles; erring high keeps the budget a bound.
 */
const TILE_BYTES = 600;
const FEATURE_BYTES = 200;

/** Numbers in a geojson-vt geometry: nested arrays of numbers, or typed arrays. */
function numbersIn(value: unknown): number {
  if (typeof value === 'number') return 1;
  if (ArrayBuffer.isView(value)) return (value as unknown as { length: number }).length;
  if (!Array.isArray(value)) return 0;
  let n = 0;
  for (const v of value) n += numbersIn(v);
  return n;
}

/** Bytes of one tile: its features, and the source features it keeps to drill down from. */
export function tileBytes(tile: VtTile | undefined): number {
  if (!tile) return 0;
  let bytes = TILE_BYTES;
  for (const f of tile.features) bytes += FEATURE_BYTES + 8 * numbersIn(f.geometry);
  for (const f of tile.source ?? []) bytes += FEATURE_BYTES + 8 * numbersIn(f.geometry);
  return bytes;
}

/** geojson-vt's tile id (its own toID). */
const tileId = (z: number, x: number, y: number) => ((1 << z) * y + x) * 32 + z;

/** Bytes of the tiles of an index from position `from` of its tileCoords on. */
export function tileCoordsBytes(vt: GeoJSONVT, from: number): number {
  const tiles = (vt as unknown as { tiles: Record<number, VtTile> }).tiles;
  let bytes = 0;
  for (let i = from; i < vt.tileCoords.length; i++) {
    const { z, x, y } = vt.tileCoords[i];
    bytes += tileBytes(tiles[tileId(z, x, y)]);
  }
  return bytes;
}

// A tile pyramid over the loaded areas: the tiles of each zoom over a bounding box in tile-id order (or
// from the top down, only below non-empty tiles), and one gzip of a rendered tile. Shared by the PMTiles export, the pre-rendered tile sets (atlas tiles)
// and the tile route, so that a tile is drawn and compressed the same way wherever it is served from.
import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

function lonToTileX(lon: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
}

function latToTileY(lat: number, n: number): number {
  const rad = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n;
  return Math.min(n - 1, Math.max(0, Math.floor(y)));
}

/** The x and y ranges (inclusive) of the tiles of one zoom over the bounds. */
export function tileRange(bounds: readonly number[], z: number): { x0: number; x1: number; y0: number; y1: number } {
  const n = 2 ** z;
  return { x0: lonToTileX(bounds[0], n), x1: lonToTileX(bounds[2], n), y0: latToTileY(bounds[3], n), y1: latToTileY(bounds[1], n) };
}

/** Tile coordinates of one zoom over the bounds, in tile-id order. */
export function tilesOver(bounds: readonly number[], z: number): { x: number; y: number; id: number }[] {
  const { x0, x1, y0, y1 } = tileRange(bounds, z);
  const tiles: { x: number; y: number; id: number }[] = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) tiles.push({ x, y, id: zxyToTileId(z, x, y) });
  }
  return tiles.sort((a, b) => a.id - b.id);
}

/** A rendered tile of the pyramid. */
export interface PyramidTile {
  z: number;
  x: number;
  y: number;
  id: number;
  raw: Uint8Array;
}

/** Renders every tile of minZoom..maxZoom over the bounds, in tile-id order, yielding the non-empty ones. */
export function* renderPyramid(
  bounds: readonly number[],
  minZoom: number,
  maxZoom: number,
  render: (z: number, x: number, y: number) => Uint8Array | null,
): Generator<PyramidTile> {
  for (let z = minZoom; z <= maxZoom; z++) {
    for (const { x, y, id } of tilesOver(bounds, z)) {
      const raw = render(z, x, y);
      if (raw) yield { z, x, y, id, raw };
    }
  }
}

/** What a walk down the pyramid reached: the deepest zoom it rendered whole (below minZoom when none). */
export interface Descent {
  deepestZoom: number;
}

/** The tiles of zoom z + 1 under the given tiles of zoom z, within the bounds: where a walk from the top down goes next. */
export function childrenWithin(
  bounds: readonly number[],
  z: number,
  tiles: readonly { x: number; y: number }[],
): { x: number; y: number }[] {
  const r = tileRange(bounds, z + 1);
  return tiles.flatMap(({ x, y }) =>
    [
      { x: 2 * x, y: 2 * y },
      { x: 2 * x + 1, y: 2 * y },
      { x: 2 * x, y: 2 * y + 1 },
      { x: 2 * x + 1, y: 2 * y + 1 },
    ].filter((c) => c.x >= r.x0 && c.x <= r.x1 && c.y >= r.y0 && c.y <= r.y1),
  );
}

/**
 * Renders a pyramid from the top down: every tile of minZoom over the bounds, then at each deeper zoom
 * only the four children of the tiles that were not empty (within the bounds), yielding the non-empty
 * ones. A tile is thus rendered when its parent was rendered and not empty (or it is at minZoom):
 * what a reader must check before taking a missing tile for an empty one (walkedByDescent).
 * A zoom with more than `maxTilesPerZoom` tiles to render is not begun: the walk ends above it, and
 * `descent.deepestZoom` says where (a continent's z14 holds hundreds of thousands of filled tiles).
 * shared-descent.ts walks the same path with two threads.
 */
export function* descendPyramid(
  bounds: readonly number[],
  minZoom: number,
  maxZoom: number,
  render: (z: number, x: number, y: number) => Uint8Array | null,
  maxTilesPerZoom = Number.POSITIVE_INFINITY,
  descent: Descent = { deepestZoom: minZoom - 1 },
): Generator<PyramidTile> {
  let level: { x: number; y: number }[] = tilesOver(bounds, minZoom);
  descent.deepestZoom = minZoom - 1;
  for (let z = minZoom; z <= maxZoom && level.length <= maxTilesPerZoom; z++) {
    if (level.length === 0) {
      // Nothing below either: the walk reached its last zoom.
      descent.deepestZoom = maxZoom;
      break;
    }
    descent.deepestZoom = z;
    const filled: { x: number; y: number }[] = [];
    for (const { x, y } of level) {
      const raw = render(z, x, y);
      if (!raw) continue;
      filled.push({ x, y });
      yield { z, x, y, id: zxyToTileId(z, x, y), raw };
    }
    if (z === maxZoom) break;
    level = childrenWithin(bounds, z, filled);
  }
}

/**
 * Whether descendPyramid rendered a tile: in the bounds at its zoom, and at minZoom or with a stored
 * (non-empty) parent. Such a tile that was not stored is empty.
 */
export function walkedByDescent(
  bounds: readonly number[],
  minZoom: number,
  maxZoom: number,
  z: number,
  x: number,
  y: number,
  stored: (z: number, x: number, y: number) => boolean,
): boolean {
  if (z < minZoom || z > maxZoom) return false;
  const r = tileRange(bounds, z);
  if (x < r.x0 || x > r.x1 || y < r.y0 || y > r.y1) return false;
  return z === minZoom || stored(z - 1, x >> 1, y >> 1);
}

/**
 * zlib level of every tile the server sends or stores. Level 5 against zlib's default 6, gzipping a
 * quarter of a 9.6 M-address release's pre-rendered tiles again (10.4 k tiles, 47.8 MiB of MVT): 1.03-1.04 s against
 * 1.27-1.42 s, for 17.33 MiB against 17.27 MiB (+0.35 %). Level 4 took 0.85-0.88 s but +2.7 % bytes.
 */
export const TILE_GZIP_LEVEL = 5;

/** The gzip of a tile as the server sends it: the same bytes in whichever place it is made. */
export function gzipTile(raw: Uint8Array): Buffer {
  return gzipSync(raw, { level: TILE_GZIP_LEVEL });
}

// Web Mercator tile arithmetic: tile bounds in degrees and degrees to tile coordinates.
export const EXTENT = 4096;

/** Longitude to Web Mercator x (0..1 over the world). */
export function lonToX(lon: number): number {
  return (lon + 180) / 360;
}

/** Latitude to Web Mercator y (0 at the top, 1 at the bottom). */
export function latToY(lat: number): number {
  const rad = (lat * Math.PI) / 180;
  return (1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2;
}

function yToLat(y: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
}

export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

/** [west, south, east, north] of a tile in degrees. */
export function tileBbox({ z, x, y }: TileCoord): [number, number, number, number] {
  const n = 2 ** z;
  return [(x / n) * 360 - 180, yToLat((y + 1) / n), ((x + 1) / n) * 360 - 180, yToLat(y / n)];
}

/** A tile bbox grown by a share of its size on every side (features near the edge). */
export function bufferedBbox(tile: TileCoord, share: number): [number, number, number, number] {
  const [w, s, e, n] = tileBbox(tile);
  const dx = (e - w) * share;
  const dy = (n - s) * share;
  return [w - dx, s - dy, e + dx, n + dy];
}

/** Projects degrees to integer tile coordinates (0..EXTENT inside the tile). */
export function projector({ z, x, y }: TileCoord): (lon: number, lat: number) => [number, number] {
  const n = 2 ** z;
  return (lon, lat) => [Math.round((lonToX(lon) * n - x) * EXTENT), Math.round((latToY(lat) * n - y) * EXTENT)];
}

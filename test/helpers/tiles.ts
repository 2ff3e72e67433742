// Web Mercator tile math for tests and benches: the XYZ tile of a point, the tiles covering a bbox.

/** Tile [x, y] holding a lon/lat at a zoom (clamped to the grid at the antimeridian and the poles). */
export function tileOf(lon: number, lat: number, z: number): [number, number] {
  const count = 2 ** z;
  const r = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * count);
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * count);
  return [Math.max(0, Math.min(count - 1, x)), Math.max(0, Math.min(count - 1, y))];
}

/** Tiles [z, x, y] covering a bbox [w, s, e, n] at a zoom. */
export function tilesCovering([w, s, e, n]: number[], z: number): [number, number, number][] {
  const [x0, y0] = tileOf(w, n, z);
  const [x1, y1] = tileOf(e, s, z);
  const out: [number, number, number][] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push([z, x, y]);
  return out;
}

// The outline of a cluster: the convex hull of its addresses grown by a buffer, so one address, two
// addresses or a straight row still get an area. Hull(points ⊕ disc) = hull(hull vertices ⊕ polygon
// approximating the disc), so only the few hull vertices are buffered.
import type { Polygon, Position } from 'geojson';
import { EARTH_RADIUS_M, RAD } from './geo.ts';

const BUFFER_SIDES = 16;

type XY = [number, number];

const cross = (o: XY, a: XY, b: XY) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Andrew's monotone chain: the convex hull, counter-clockwise, without repeating the first point. */
export function convexHull(points: XY[]): XY[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return sorted;
  const chain = (pts: XY[]): XY[] => {
    const out: XY[] = [];
    for (const p of pts) {
      while (out.length >= 2 && cross(out[out.length - 2], out[out.length - 1], p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...chain(sorted), ...chain(sorted.reverse())];
}

/** Points from which the interior is thrown out before the hull is sorted (below, sorting them all is as cheap). */
const PREFILTER_FROM = 32;

/**
 * The points of x/y that can be vertices of their convex hull (Akl–Toussaint): the extreme points in
 * eight directions span a polygon, and every point strictly inside it is inside the hull. The rest
 * (the extremes, the points on the polygon's edges and those beyond them) have the same hull, which
 * convexHull gives exactly as it would for all points. A cluster's thousands of addresses leave tens.
 */
export function hullCandidates(x: Float64Array, y: Float64Array): XY[] {
  const n = x.length;
  const all = () => Array.from(x, (v, i): XY => [v, y[i]]);
  if (n < PREFILTER_FROM) return all();
  // Per direction (x, y, x + y, x - y): the index of the least and greatest value, first seen on ties.
  const lo = [0, 0, 0, 0];
  const hi = [0, 0, 0, 0];
  const least = [x[0], y[0], x[0] + y[0], x[0] - y[0]];
  const most = [...least];
  const see = (d: number, i: number, v: number) => {
    if (v < least[d]) {
      least[d] = v;
      lo[d] = i;
    }
    if (v > most[d]) {
      most[d] = v;
      hi[d] = i;
    }
  };
  for (let i = 1; i < n; i++) {
    see(0, i, x[i]);
    see(1, i, y[i]);
    see(2, i, x[i] + y[i]);
    see(3, i, x[i] - y[i]);
  }
  const polygon = convexHull([...new Set([...lo, ...hi])].map((i): XY => [x[i], y[i]]));
  if (polygon.length < 3) return all();
  const m = polygon.length;
  const out: XY[] = [];
  for (let i = 0; i < n; i++) {
    const p: XY = [x[i], y[i]];
    let inside = true;
    // Counter-clockwise: strictly inside is strictly left of every edge.
    for (let k = 0; k < m && inside; k++) inside = cross(polygon[k], polygon[k === m - 1 ? 0 : k + 1], p) > 0;
    if (!inside) out.push(p);
  }
  return out;
}

const round = (v: number) => Math.round(v * 1e7) / 1e7;

/**
 * A GeoJSON Polygon (exterior ring counter-clockwise, RFC 7946) around the points, `bufferM` metres
 * out. Works in a local equirectangular plane around the first point, exact enough at cluster size.
 */
export function bufferedHull(lon: readonly number[], lat: readonly number[], bufferM: number): Polygon {
  const lon0 = lon[0];
  const lat0 = lat[0];
  const mx = EARTH_RADIUS_M * RAD * Math.cos(lat0 * RAD);
  const my = EARTH_RADIUS_M * RAD;
  const n = lon.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (lon[i] - lon0) * mx;
    y[i] = (lat[i] - lat0) * my;
  }
  const grown: XY[] = [];
  for (const [px, py] of convexHull(hullCandidates(x, y))) {
    for (let k = 0; k < BUFFER_SIDES; k++) {
      const angle = (2 * Math.PI * k) / BUFFER_SIDES;
      grown.push([px + bufferM * Math.cos(angle), py + bufferM * Math.sin(angle)]);
    }
  }
  const ring: Position[] = convexHull(grown).map(([gx, gy]) => [round(lon0 + gx / mx), round(lat0 + gy / my)]);
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

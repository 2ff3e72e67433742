// The outline of a cluster: the convex hull of its addresses grown by a buffer, so one address, two
// addresses or a straight row still get an area. Hull(points ⊕ disc) = hull(hull vertices ⊕ polygon
// approximating the disc), so only the few hull vertices are buffered.
import type { Polygon, Position } from 'geojson';
import { EARTH_RADIUS_M, RAD } from './geo.ts';

const BUFFER_SIDES = 16;

type XY = [number, number];

/** Andrew's monotone chain: the convex hull, counter-clockwise, without repeating the first point. */
export function convexHull(points: XY[]): XY[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return sorted;
  const cross = (o: XY, a: XY, b: XY) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
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
  const local: XY[] = lon.map((x, i) => [(x - lon0) * mx, (lat[i] - lat0) * my]);
  const grown: XY[] = [];
  for (const [x, y] of convexHull(local)) {
    for (let k = 0; k < BUFFER_SIDES; k++) {
      const angle = (2 * Math.PI * k) / BUFFER_SIDES;
      grown.push([x + bufferM * Math.cos(angle), y + bufferM * Math.sin(angle)]);
    }
  }
  const ring: Position[] = convexHull(grown).map(([x, y]) => [round(lon0 + x / mx), round(lat0 + y / my)]);
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

// Boundaries simplified for the report map: a map box a few hundred points wide cannot show detail
// finer than a fraction of a point, and drawing every vertex of an 800k-vertex ring made a 5.6 MB
// PDF. turf's simplify (Douglas-Peucker) keeps every vertex that moves the line by more than the
// tolerance. @turf/turf is loaded on the first report only (it takes a second or two to load).
import type { MultiPolygon, Polygon } from 'geojson';
import { createRequire } from 'node:module';

type Simplify = (
  geometry: Polygon | MultiPolygon,
  options: { tolerance: number; highQuality?: boolean; mutate?: boolean },
) => Polygon | MultiPolygon;
let simplify: Simplify | null = null;

/** Share of the map's larger side below which detail is dropped (about a quarter point on an A4 map). */
const TOLERANCE_SHARE = 1 / 2000;
/** Rings with fewer vertices than this are drawn as they are. */
const SIMPLE_ENOUGH = 2000;

function vertices(geometry: Polygon | MultiPolygon): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.reduce((sum, rings) => sum + rings.reduce((s, ring) => s + ring.length, 0), 0);
}

/**
 * `geometry` with detail below `extentDeg` × 1/2000 removed (extentDeg: the larger side, in
 * degrees, of what the map shows); small geometries come back as they are.
 */
export function simplifyForMap(geometry: Polygon | MultiPolygon, extentDeg: number): Polygon | MultiPolygon {
  if (vertices(geometry) < SIMPLE_ENOUGH || !(extentDeg > 0)) return geometry;
  simplify ??= (createRequire(import.meta.url)('@turf/turf') as { simplify: Simplify }).simplify;
  return simplify(geometry, { tolerance: extentDeg * TOLERANCE_SHARE, highQuality: false, mutate: false });
}

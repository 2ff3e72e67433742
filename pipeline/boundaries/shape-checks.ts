// Checks of an area's shape beyond GeoJSON validity: nesting deep enough to overflow recursive
// code, zero-area and whole-world polygons, edges across the antimeridian (refused), and rings that
// cross themselves (a warning: areas and point-in-polygon tests may be off there; a ring that only
// touches itself at a vertex, as 14 of the CBS 2024 municipalities do, passes).
// Two rules for real data (docs/input-formats.md): quantised TopoJSON collapses small islands and
// tiny areas to lines, so there a zero-area polygon is dropped with a warning (an area left with
// none is kept as it is, with a warning: it is found by its code, never by a point); and an area
// split at ±180° into parts on both sides (RFC 7946 3.1.9, as the Aleutians are) is a warning: its
// bounding box is stored as the whole longitude range, so bbox queries find it anywhere in its
// latitude band.
import type { Position } from 'geojson';
import { bboxOf, polygonsOf, type AreaGeometry } from './geometry.ts';
import { ringIntersections } from './self-intersection.ts';

/** Deepest nesting of arrays and objects a feature may have; a MultiPolygon needs 6. */
export const MAX_NESTING = 64;

/** 'nesting too deep' when the value nests deeper than MAX_NESTING, found without recursion. */
export function nestingProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > MAX_NESTING) return `nesting too deep: more than ${MAX_NESTING} levels of arrays and objects`;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return null;
}

/** True when every position of the ring lies on one line (or is one point): no area at all. */
function collinear(ring: Position[]): boolean {
  const [a] = ring;
  const b = ring.find((p) => p[0] !== a[0] || p[1] !== a[1]);
  if (!b) return true;
  return ring.every((p) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) === 0);
}

/** Planar area of a ring in square degrees (shoelace), unsigned. */
function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return Math.abs(sum / 2);
}

/** Square degrees of the whole lon/lat plane. */
const WORLD = 360 * 180;

export interface ShapeReport {
  /** Why the geometry is refused, or null. */
  problem: string | null;
  warnings: string[];
  /** The geometry to store: as given, or without the zero-area polygons of quantised input. */
  geometry: AreaGeometry;
}

/** Drops the zero-area polygons of a quantised MultiPolygon when any other is left; says which. */
function withoutCollapsed(geometry: AreaGeometry, warnings: string[]): AreaGeometry {
  const polygons = polygonsOf(geometry);
  const collapsed = polygons.flatMap((polygon, p) => (collinear(polygon[0]) ? [p] : []));
  if (collapsed.length === 0) return geometry;
  if (collapsed.length === polygons.length) {
    warnings.push(
      'every polygon has zero area (collapsed by the TopoJSON quantisation); kept as it is: the area is found by its code, never by a point',
    );
    return geometry;
  }
  warnings.push(`polygon(s) ${collapsed.join(', ')} have zero area (collapsed by the TopoJSON quantisation) and were left out`);
  return { type: 'MultiPolygon', coordinates: polygons.filter((_, p) => !collapsed.includes(p)) };
}

/** A warning when the parts of an area lie on both sides of the antimeridian. */
function antimeridianSpan(geometry: AreaGeometry): string | null {
  let east = false;
  let west = false;
  for (const polygon of polygonsOf(geometry)) {
    for (const [lon] of polygon[0]) {
      if (lon > 90) east = true;
      else if (lon < -90) west = true;
    }
  }
  return east && west && bboxOf(geometry)[2] - bboxOf(geometry)[0] > 180
    ? 'its parts lie on both sides of the antimeridian (split at ±180°); its bounding box is stored as the whole longitude range'
    : null;
}

export interface ShapeOptions {
  /** The geometry comes from quantised TopoJSON: zero-area polygons are artefacts, not errors. */
  quantised?: boolean;
}

export function checkShape(input: AreaGeometry, options: ShapeOptions = {}): ShapeReport {
  const warnings: string[] = [];
  const geometry = options.quantised ? withoutCollapsed(input, warnings) : input;
  const keptDegenerate = options.quantised && polygonsOf(geometry).every((polygon) => collinear(polygon[0]));
  const span = antimeridianSpan(geometry);
  if (span) warnings.push(span);
  for (const [p, polygon] of polygonsOf(geometry).entries()) {
    const outer = polygon[0];
    const area = ringArea(outer);
    if (collinear(outer)) {
      if (keptDegenerate) continue;
      return { problem: `polygon ${p} has zero area (its outer ring lies on a line or a point)`, warnings, geometry };
    }
    if (area >= 0.5 * WORLD)
      return {
        problem: `polygon ${p} covers ${Math.round((100 * area) / WORLD)} % of the globe: not an area boundary`,
        warnings,
        geometry,
      };
    for (let i = 0; i + 1 < outer.length; i++) {
      if (Math.abs(outer[i + 1][0] - outer[i][0]) > 180) {
        return {
          problem:
            `polygon ${p} crosses the antimeridian (an edge jumps from lon ${outer[i][0]} to ${outer[i + 1][0]}); ` +
            'split it at ±180° into a MultiPolygon (RFC 7946, 3.1.9)',
          warnings,
          geometry,
        };
      }
    }
    for (const [r, ring] of polygon.entries()) {
      const crossings = ringIntersections(ring);
      if (crossings.count > 0) {
        const [lon, lat] = crossings.first!;
        warnings.push(
          `polygon ${p} ring ${r} crosses itself (${crossings.count >= 100 ? '100 or more' : crossings.count} time(s); ` +
            `first at lon ${lon.toFixed(6)}, lat ${lat.toFixed(6)}); areas and point-in-polygon tests may be off there`,
        );
      }
    }
  }
  return { problem: null, warnings, geometry };
}

// The finest H3 cell of a point (as common/hex-key.ts keys it), answered without H3 for a point well inside
// one of the last few cells found: registers and connection files list addresses street by street,
// so most points fall in the cell of a point just before them. A cell is kept as its boundary polygon; a
// point counts as inside only with a margin wider than the gap between the cell's true edges
// (great-circle arcs) and the straight lines between its vertices, so the answer is always the one
// H3 gives (test/import/near-cells.test.ts checks it against H3 point by point).
import { cellToBoundary, latLngToCell } from 'h3-js';
import { FINEST_RES, keyOfCell } from '../../common/hex-key.ts';

/** Cells remembered. */
const KEPT = 8;
/** Cells nearer a pole or wider than this (degrees) are not kept: there straight lines in degrees are no model of their edges. */
const MAX_LAT = 80;
const MAX_SPAN = 0.5;
/**
 * Margin in degrees per square degree of the cell's span: a great-circle arc of span s degrees
 * leaves the straight line between its ends by at most ~0.026·s²·tan-factor degrees below MAX_LAT
 * (measured in degrees of longitude and latitude); 0.1·s² keeps a factor of four over that.
 */
const CURVATURE = 0.1;
/** Margin for rounding, in degrees (about a centimetre). */
const ROUNDING = 1e-7;

interface KeptCell {
  key: number;
  /** Per edge: its inward normal (nx, ny) of unit length and offset c; inside with margin when nx·lon + ny·lat - c > margin. */
  edges: Float64Array;
  margin: number;
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
}

export class NearCells {
  private readonly kept: KeptCell[] = [];
  /** Index in `kept` of the cell that answered last (checked first). */
  private last = 0;
  private next = 0;
  /** Points H3 was asked about (the others were answered from kept cells). */
  asked = 0;

  /** The key of the finest cell holding (lat, lon): finestCellKey(lat, lon), often without asking H3. */
  key(lat: number, lon: number): number {
    const n = this.kept.length;
    for (let k = 0; k < n; k++) {
      const i = (this.last + k) % n;
      if (inside(this.kept[i], lon, lat)) {
        this.last = i;
        return this.kept[i].key;
      }
    }
    this.asked++;
    const h3 = latLngToCell(lat, lon, FINEST_RES);
    const key = keyOfCell(h3);
    const cell = keptCell(key, h3);
    if (cell) {
      const i = n < KEPT ? n : this.next;
      this.kept[i] = cell;
      this.next = (i + 1) % KEPT;
      this.last = i;
    }
    return key;
  }
}

function inside(cell: KeptCell, lon: number, lat: number): boolean {
  if (lon < cell.minLon || lon > cell.maxLon || lat < cell.minLat || lat > cell.maxLat) return false;
  const e = cell.edges;
  for (let i = 0; i < e.length; i += 3) if (e[i] * lon + e[i + 1] * lat - e[i + 2] <= cell.margin) return false;
  return true;
}

/** The cell as a polygon in degrees, or null when it is not kept (near a pole, across the antimeridian, or too wide). */
function keptCell(key: number, h3: string): KeptCell | null {
  const boundary = cellToBoundary(h3); // [lat, lng] pairs
  const ring = new Float64Array(boundary.length * 2);
  for (let i = 0; i < boundary.length; i++) {
    ring[2 * i] = boundary[i][1];
    ring[2 * i + 1] = boundary[i][0];
  }
  let [minLon, maxLon, minLat, maxLat] = [ring[0], ring[0], ring[1], ring[1]];
  for (let i = 2; i < ring.length; i += 2) {
    if (ring[i] < minLon) minLon = ring[i];
    else if (ring[i] > maxLon) maxLon = ring[i];
    if (ring[i + 1] < minLat) minLat = ring[i + 1];
    else if (ring[i + 1] > maxLat) maxLat = ring[i + 1];
  }
  const span = Math.max(maxLon - minLon, maxLat - minLat);
  if (span > MAX_SPAN || Math.max(Math.abs(minLat), Math.abs(maxLat)) > MAX_LAT) return null;
  // Signed area: positive when counter-clockwise in (lon, lat).
  let area = 0;
  for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) area += ring[j] * ring[i + 1] - ring[i] * ring[j + 1];
  const sign = area > 0 ? 1 : -1;
  const edges = new Float64Array(boundary.length * 3);
  for (let i = 0, j = ring.length - 2, e = 0; i < ring.length; j = i, i += 2, e += 3) {
    const dx = ring[i] - ring[j];
    const dy = ring[i + 1] - ring[j + 1];
    const length = Math.sqrt(dx * dx + dy * dy); // not Math.hypot: several times slower in V8
    if (length === 0) return null;
    // Left of the edge j -> i is inside for a counter-clockwise ring.
    const nx = (-dy / length) * sign;
    const ny = (dx / length) * sign;
    edges[e] = nx;
    edges[e + 1] = ny;
    edges[e + 2] = nx * ring[j] + ny * ring[j + 1];
  }
  return { key, edges, margin: CURVATURE * span * span + ROUNDING, minLon, maxLon, minLat, maxLat };
}

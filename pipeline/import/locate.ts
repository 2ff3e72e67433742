// Point -> area for the areas addresses are assigned to. A lazily filled grid answers most points
// at once (cells no boundary edge crosses lie wholly inside one area, or none); the other points
// are tested by ray casting against the polygons a flatbush index finds under them.
import Flatbush from 'flatbush';
import { polygonsOf, type AreaGeometry, type BBox } from '../boundaries/geometry.ts';

export interface LocatorArea {
  code: string;
  parentCode: string | null;
  geometry: AreaGeometry;
}

/** A polygon of an area: rings as flat [lon, lat, lon, lat, …] arrays, outer ring first. */
interface Part {
  area: number;
  rings: Float64Array[];
}

const GRID_SIZE = 1024;
const METRES_PER_DEGREE = 111_320;
const UNKNOWN = -2;
const MIXED = -3;

/** Even-odd ray casting over all rings of a polygon, so holes count as outside. */
function insidePart(rings: Float64Array[], lon: number, lat: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
      const yi = ring[i + 1];
      const yj = ring[j + 1];
      if (yi > lat !== yj > lat && lon < ((ring[j] - ring[i]) * (lat - yi)) / (yj - yi) + ring[i]) inside = !inside;
    }
  }
  return inside;
}

export class AreaLocator {
  readonly bbox: BBox;
  private readonly parts: Part[] = [];
  private readonly partIndex: Flatbush;
  private readonly edgeIndex: Flatbush;
  /** Area of each edge, in edge index order; and the edges' end points [x1, y1, x2, y2, …]. */
  private readonly edgeArea: Int32Array;
  private readonly edgeEnds: Float64Array;
  private readonly grid = new Int32Array(GRID_SIZE * GRID_SIZE).fill(UNKNOWN);
  private readonly cellWidth: number;
  private readonly cellHeight: number;

  constructor(readonly areas: readonly LocatorArea[]) {
    if (areas.length === 0) throw new Error('AreaLocator needs at least one area.');
    let edges = 0;
    areas.forEach((area, a) => {
      for (const polygon of polygonsOf(area.geometry)) {
        // Not an identity: a position may carry a third value (elevation), which the locator drops.
        // biome-ignore lint/complexity/noFlatMapIdentity: keeps lon and lat only, see above
        const rings = polygon.map((ring) => Float64Array.from(ring.flatMap(([lon, lat]) => [lon, lat])));
        this.parts.push({ area: a, rings });
        for (const ring of rings) edges += ring.length / 2 - 1;
      }
    });
    this.partIndex = new Flatbush(this.parts.length);
    this.edgeIndex = new Flatbush(edges);
    this.edgeArea = new Int32Array(edges);
    this.edgeEnds = new Float64Array(edges * 4);
    let edge = 0;
    for (const part of this.parts) {
      const outer = part.rings[0];
      let minX = Infinity,
        minY = Infinity,
        maxX = -Infinity,
        maxY = -Infinity;
      for (let i = 0; i < outer.length; i += 2) {
        minX = Math.min(minX, outer[i]);
        maxX = Math.max(maxX, outer[i]);
        minY = Math.min(minY, outer[i + 1]);
        maxY = Math.max(maxY, outer[i + 1]);
      }
      this.partIndex.add(minX, minY, maxX, maxY);
      for (const ring of part.rings) {
        for (let i = 2; i < ring.length; i += 2) {
          this.edgeArea[edge] = part.area;
          this.edgeEnds.set(ring.subarray(i - 2, i + 2), edge++ * 4);
          this.edgeIndex.add(
            Math.min(ring[i - 2], ring[i]),
            Math.min(ring[i - 1], ring[i + 1]),
            Math.max(ring[i - 2], ring[i]),
            Math.max(ring[i - 1], ring[i + 1]),
          );
        }
      }
    }
    this.partIndex.finish();
    this.edgeIndex.finish();
    this.bbox = [this.partIndex.minX, this.partIndex.minY, this.partIndex.maxX, this.partIndex.maxY];
    this.cellWidth = (this.bbox[2] - this.bbox[0]) / GRID_SIZE || 1;
    this.cellHeight = (this.bbox[3] - this.bbox[1]) / GRID_SIZE || 1;
  }

  /** Index into `areas` of the area holding the point, or -1 when no area does. */
  locate(lon: number, lat: number): number {
    const col = Math.floor((lon - this.bbox[0]) / this.cellWidth);
    const row = Math.floor((lat - this.bbox[1]) / this.cellHeight);
    if (col < 0 || row < 0 || col >= GRID_SIZE || row >= GRID_SIZE) return this.locateExactly(lon, lat);
    const cell = row * GRID_SIZE + col;
    let known = this.grid[cell];
    if (known === UNKNOWN) known = this.grid[cell] = this.classifyCell(col, row);
    return known === MIXED ? this.locateExactly(lon, lat) : known;
  }

  /**
   * The area whose boundary passes nearest the point within `maxMetres` (for a point in no area,
   * e.g. on the coast just outside a generalised boundary), with the distance; null when none is
   * that close. Distances are on a local equirectangular projection, exact enough at that range.
   */
  nearest(lon: number, lat: number, maxMetres: number): { area: number; metres: number } | null {
    const kx = METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
    const ky = METRES_PER_DEGREE;
    const dx = maxMetres / kx;
    const dy = maxMetres / ky;
    let best: { area: number; metres: number } | null = null;
    for (const e of this.edgeIndex.search(lon - dx, lat - dy, lon + dx, lat + dy)) {
      const [x1, y1, x2, y2] = this.edgeEnds.subarray(e * 4, e * 4 + 4);
      const metres = segmentDistance((lon - x1) * kx, (lat - y1) * ky, (x2 - x1) * kx, (y2 - y1) * ky);
      if (metres <= maxMetres && (best === null || metres < best.metres || (metres === best.metres && this.edgeArea[e] < best.area))) {
        best = { area: this.edgeArea[e], metres };
      }
    }
    return best;
  }

  /** The area covering a whole grid cell (or -1 for none), or MIXED when an edge crosses it. */
  private classifyCell(col: number, row: number): number {
    const minX = this.bbox[0] + col * this.cellWidth;
    const minY = this.bbox[1] + row * this.cellHeight;
    const crossed = this.edgeIndex.search(minX, minY, minX + this.cellWidth, minY + this.cellHeight);
    if (crossed.length > 0) return MIXED;
    return this.locateExactly(minX + this.cellWidth / 2, minY + this.cellHeight / 2);
  }

  private locateExactly(lon: number, lat: number): number {
    let best = -1;
    for (const p of this.partIndex.search(lon, lat, lon, lat)) {
      const part = this.parts[p];
      // Lowest area index wins on shared edges, so the answer never depends on index order.
      if ((best < 0 || part.area < best) && insidePart(part.rings, lon, lat)) best = part.area;
    }
    return best;
  }
}

/** Distance from point (px, py) to the segment from (0, 0) to (sx, sy). */
function segmentDistance(px: number, py: number, sx: number, sy: number): number {
  const length2 = sx * sx + sy * sy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, (px * sx + py * sy) / length2));
  return Math.hypot(px - t * sx, py - t * sy);
}

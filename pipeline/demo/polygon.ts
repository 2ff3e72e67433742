// Fast point-in-polygon for one area: all rings flattened into one typed array and tested with the
// even-odd rule, which handles holes and multipolygons alike. A bbox check rejects most misses, and
// the edges are bucketed by latitude band, so a point is tested only against the edges that span
// its band (the same edges that can cross its latitude, with the same arithmetic: the same answer).
import type { MultiPolygon, Polygon } from 'geojson';

/** Target edges per latitude band (the band count follows from the area's edge count). */
const EDGES_PER_BAND = 4;
const MAX_BANDS = 1024;

export class AreaShape {
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
  private readonly coords: Float64Array;
  private readonly bands: number;
  /** Bands per degree of latitude. */
  private readonly bandScale: number;
  /** Start offsets into `edges` of each band, plus the total as a sentinel. */
  private readonly bandStarts: Uint32Array;
  /** Pairs of coordinate-pair indices (i, j): an edge from vertex j to vertex i of one ring. */
  private readonly edges: Uint32Array;

  constructor(geometry: Polygon | MultiPolygon) {
    const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
    const total = rings.reduce((n, ring) => n + ring.length, 0);
    this.coords = new Float64Array(total * 2);
    const ringStarts: number[] = [];
    let at = 0;
    let minLon = Infinity,
      minLat = Infinity,
      maxLon = -Infinity,
      maxLat = -Infinity;
    for (const ring of rings) {
      ringStarts.push(at);
      for (const [lon, lat] of ring) {
        this.coords[at * 2] = lon;
        this.coords[at * 2 + 1] = lat;
        at++;
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    }
    ringStarts.push(at);
    this.minLon = minLon;
    this.minLat = minLat;
    this.maxLon = maxLon;
    this.maxLat = maxLat;
    this.bands = Math.max(1, Math.min(MAX_BANDS, Math.ceil(total / EDGES_PER_BAND)));
    this.bandScale = maxLat > minLat ? this.bands / (maxLat - minLat) : 0;

    // Every edge goes into each band its latitude range touches: counted, then placed.
    const counts = new Uint32Array(this.bands + 1);
    const eachEdge = (visit: (i: number, j: number, from: number, to: number) => void) => {
      for (let r = 0; r + 1 < ringStarts.length; r++) {
        const start = ringStarts[r];
        const end = ringStarts[r + 1];
        for (let i = start, j = end - 1; i < end; j = i++) {
          const yi = this.coords[i * 2 + 1];
          const yj = this.coords[j * 2 + 1];
          visit(i, j, this.bandOf(Math.min(yi, yj)), this.bandOf(Math.max(yi, yj)));
        }
      }
    };
    eachEdge((_i, _j, from, to) => {
      for (let b = from; b <= to; b++) counts[b + 1]++;
    });
    for (let b = 0; b < this.bands; b++) counts[b + 1] += counts[b];
    this.bandStarts = counts.slice();
    this.edges = new Uint32Array(2 * counts[this.bands]);
    const next = counts.slice(0, this.bands);
    eachEdge((i, j, from, to) => {
      for (let b = from; b <= to; b++) {
        this.edges[2 * next[b]] = i;
        this.edges[2 * next[b] + 1] = j;
        next[b]++;
      }
    });
  }

  /** The band of a latitude within the bbox (monotone, so an edge's bands cover every latitude it spans). */
  private bandOf(lat: number): number {
    const b = Math.floor((lat - this.minLat) * this.bandScale);
    return b < 0 ? 0 : b >= this.bands ? this.bands - 1 : b;
  }

  contains(lon: number, lat: number): boolean {
    if (lon < this.minLon || lon > this.maxLon || lat < this.minLat || lat > this.maxLat) return false;
    const c = this.coords;
    const edges = this.edges;
    const band = this.bandOf(lat);
    let inside = false;
    for (let e = this.bandStarts[band], end = this.bandStarts[band + 1]; e < end; e++) {
      const i = edges[2 * e];
      const j = edges[2 * e + 1];
      const yi = c[i * 2 + 1];
      const yj = c[j * 2 + 1];
      if (yi > lat !== yj > lat) {
        const xi = c[i * 2];
        const xj = c[j * 2];
        if (lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
    return inside;
  }
}

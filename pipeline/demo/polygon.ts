// Fast point-in-polygon for one area: all rings flattened into one typed array and tested with the
// even-odd rule, which handles holes and multipolygons alike. A bbox check rejects most misses.
import type { MultiPolygon, Polygon } from 'geojson';

export class AreaShape {
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
  private readonly coords: Float64Array;
  /** Start offsets (in coordinate pairs) of each ring, plus the total as a sentinel. */
  private readonly ringStarts: Uint32Array;

  constructor(geometry: Polygon | MultiPolygon) {
    const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
    const total = rings.reduce((n, ring) => n + ring.length, 0);
    this.coords = new Float64Array(total * 2);
    this.ringStarts = new Uint32Array(rings.length + 1);
    let at = 0;
    let minLon = Infinity,
      minLat = Infinity,
      maxLon = -Infinity,
      maxLat = -Infinity;
    rings.forEach((ring, r) => {
      this.ringStarts[r] = at;
      for (const [lon, lat] of ring) {
        this.coords[at * 2] = lon;
        this.coords[at * 2 + 1] = lat;
        at++;
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    });
    this.ringStarts[rings.length] = at;
    this.minLon = minLon;
    this.minLat = minLat;
    this.maxLon = maxLon;
    this.maxLat = maxLat;
  }

  contains(lon: number, lat: number): boolean {
    if (lon < this.minLon || lon > this.maxLon || lat < this.minLat || lat > this.maxLat) return false;
    const c = this.coords;
    let inside = false;
    for (let r = 0; r + 1 < this.ringStarts.length; r++) {
      const start = this.ringStarts[r];
      const end = this.ringStarts[r + 1];
      for (let i = start, j = end - 1; i < end; j = i++) {
        const yi = c[i * 2 + 1];
        const yj = c[j * 2 + 1];
        if (yi > lat !== yj > lat) {
          const xi = c[i * 2];
          const xj = c[j * 2];
          if (lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
        }
      }
    }
    return inside;
  }
}

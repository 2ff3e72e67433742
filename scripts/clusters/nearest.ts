// Distance from a cluster to the nearest covered address: an exact great-circle nearest-neighbour
// search (geokdbush over a kdbush index) from each of the cluster's addresses, each search bounded
// by the best distance found so far for the cluster.
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import { EARTH_RADIUS_M, distanceM } from './geo.ts';
import type { CoveredPoints } from './points.ts';

/** geokdbush measures in kilometres on a sphere of this radius; only the angle matters. */
const GEOKDBUSH_RADIUS_KM = 6371;

export class CoveredIndex {
  private readonly index: KDBush;

  /** Points with their download class; a search at class k considers those with class >= k. */
  constructor(
    private readonly lon: Float64Array,
    private readonly lat: Float64Array,
    private readonly downClass: Uint8Array,
  ) {
    this.index = new KDBush(Math.max(lon.length, 1));
    for (let i = 0; i < lon.length; i++) this.index.add(lon[i], lat[i]);
    if (lon.length === 0) this.index.add(0, 0); // a placeholder the class filter never accepts
    this.index.finish();
  }

  /** Metres from the nearest point of class >= minClass to the nearest of the given points; null when none has that class. */
  nearestM(lons: readonly number[], lats: readonly number[], minClass: number): number | null {
    const covered = (id: number) => id < this.lon.length && this.downClass[id] >= minClass;
    let best = Infinity;
    for (let i = 0; i < lons.length; i++) {
      const maxKm = Number.isFinite(best) ? (best / EARTH_RADIUS_M) * GEOKDBUSH_RADIUS_KM * (1 + 1e-9) : undefined;
      const [id] = around(this.index, lons[i], lats[i], 1, maxKm, covered);
      if (id !== undefined) best = Math.min(best, distanceM(lons[i], lats[i], this.lon[id], this.lat[id]));
    }
    return Number.isFinite(best) ? best : null;
  }
}

export interface NearestQuery {
  lons: readonly number[];
  lats: readonly number[];
  /** Download class an address needs to count as covered. */
  minClass: number;
}

/**
 * Nearest covered distance of every query, in rounds of widening reach: each round reads only the
 * covered addresses within its reach of the still-unresolved queries' addresses (`readNear`), and a
 * distance found within the reach is exact, since every covered address that close was read. What
 * is still open after the last round searches every covered address (`readAll`).
 */
export function nearestCoveredDistances(
  queries: readonly NearestQuery[],
  reachesM: readonly number[],
  readNear: (points: { lon: Float64Array; lat: Float64Array }, reachM: number) => CoveredPoints,
  readAll: () => CoveredPoints,
): (number | null)[] {
  const result: (number | null)[] = new Array(queries.length).fill(null);
  let open = queries.map((_, i) => i);
  const search = (covered: CoveredPoints, reachM: number) => {
    const index = new CoveredIndex(covered.lon, covered.lat, covered.downClass);
    open = open.filter((i) => {
      const found = index.nearestM(queries[i].lons, queries[i].lats, queries[i].minClass);
      result[i] = found;
      return found === null ? reachM !== Infinity : found > reachM;
    });
  };
  for (const reachM of reachesM) {
    if (open.length === 0) return result;
    const lon = Float64Array.from(open.flatMap((i) => queries[i].lons));
    const lat = Float64Array.from(open.flatMap((i) => queries[i].lats));
    search(readNear({ lon, lat }, reachM), reachM);
  }
  if (open.length > 0) search(readAll(), Infinity);
  return result;
}

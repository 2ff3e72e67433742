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

/**
 * Nearest covered distance from a search over the covered addresses near the clusters, exact up to
 * `reachM` (every covered address within that reach is in `near`); a cluster farther from the
 * network falls back to an index over every covered address, read and built once on first need.
 */
export class NearestCovered {
  private readonly near: CoveredIndex;
  private everywhere: CoveredIndex | undefined;

  constructor(
    near: CoveredPoints,
    private readonly reachM: number,
    private readonly readAll: () => CoveredPoints,
  ) {
    this.near = new CoveredIndex(near.lon, near.lat, near.downClass);
  }

  nearestM(lons: readonly number[], lats: readonly number[], minClass: number): number | null {
    const found = this.near.nearestM(lons, lats, minClass);
    if (found !== null && found <= this.reachM) return found;
    if (!this.everywhere) {
      const all = this.readAll();
      this.everywhere = new CoveredIndex(all.lon, all.lat, all.downClass);
    }
    return this.everywhere.nearestM(lons, lats, minClass);
  }

  /** Whether some cluster needed the index over every covered address. */
  get usedFallback(): boolean {
    return this.everywhere !== undefined;
  }
}

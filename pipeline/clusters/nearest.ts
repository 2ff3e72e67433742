// Distance from a cluster to the nearest covered address: an exact great-circle nearest-neighbour
// search (geokdbush over a kdbush index of the addresses covered at the cluster's classes) from
// each of the cluster's addresses, each search bounded by the best distance found so far for the cluster.
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import { EARTH_RADIUS_M, distanceM } from './geo.ts';
import type { AddressPoints } from './points.ts';

/** geokdbush measures in kilometres on a sphere of this radius; only the angle matters. */
const GEOKDBUSH_RADIUS_KM = 6371;

/** The covered points of one class pair, indexed. */
interface ClassIndex {
  index: KDBush;
  lon: Float64Array;
  lat: Float64Array;
}

export class CoveredIndex {
  /** Per class pair ('down/up'): its covered points, indexed on first use; null when there are none. */
  private readonly byClass = new Map<string, ClassIndex | null>();

  constructor(private readonly points: AddressPoints) {}

  /**
   * Metres from the nearest point of classes >= (minClass, minUpClass) to the nearest of the given
   * points; null when none has those classes.
   */
  nearestM(lons: readonly number[], lats: readonly number[], minClass: number, minUpClass = 0): number | null {
    const covered = this.indexOf(minClass, minUpClass);
    if (covered === null) return null;
    const { index, lon, lat } = covered;
    let best = Infinity;
    // Addresses often share a position (FCC BDC locations sit at their H3 cell's centre): one search each.
    const searched = new Map<number, number>();
    for (let i = 0; i < lons.length; i++) {
      if (searched.get(lons[i]) === lats[i]) continue;
      searched.set(lons[i], lats[i]);
      const maxKm = Number.isFinite(best) ? (best / EARTH_RADIUS_M) * GEOKDBUSH_RADIUS_KM * (1 + 1e-9) : undefined;
      const [id] = around(index, lons[i], lats[i], 1, maxKm);
      if (id !== undefined) best = Math.min(best, distanceM(lons[i], lats[i], lon[id], lat[id]));
    }
    return Number.isFinite(best) ? best : null;
  }

  /**
   * Only the points of the class pair are indexed: a search among all addresses with a class filter
   * wades through every uncovered address nearer than the answer (most of a rural county's).
   */
  private indexOf(minClass: number, minUpClass: number): ClassIndex | null {
    const key = `${minClass}/${minUpClass}`;
    const known = this.byClass.get(key);
    if (known !== undefined) return known;
    const { lon, lat, downClass, upClass } = this.points;
    const ids: number[] = [];
    for (let i = 0; i < lon.length; i++) if (downClass[i] >= minClass && upClass[i] >= minUpClass) ids.push(i);
    let built: ClassIndex | null = null;
    if (ids.length > 0) {
      const index = new KDBush(ids.length, 64, Float32Array);
      for (const i of ids) index.add(lon[i], lat[i]);
      index.finish();
      built = { index, lon: Float64Array.from(ids, (i) => lon[i]), lat: Float64Array.from(ids, (i) => lat[i]) };
    }
    this.byClass.set(key, built);
    return built;
  }
}

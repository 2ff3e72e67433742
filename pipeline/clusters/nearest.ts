// Distance from a cluster to the nearest covered address: an exact great-circle nearest-neighbour
// search (geokdbush over a kdbush index of every address, filtered by class) from each of the
// cluster's addresses, each search bounded by the best distance found so far for the cluster.
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import { EARTH_RADIUS_M, distanceM } from './geo.ts';
import type { AddressPoints } from './points.ts';

/** geokdbush measures in kilometres on a sphere of this radius; only the angle matters. */
const GEOKDBUSH_RADIUS_KM = 6371;

export class CoveredIndex {
  /** Null when the release has no addresses. */
  private readonly index: KDBush | null;
  private readonly maxClass: number;

  /**
   * Indexes every address, uncovered ones too: the class filter skips those before they enter the
   * search queue, and index items then are the points themselves (no id map for a national set).
   */
  constructor(private readonly points: AddressPoints) {
    const { lon, lat, downClass } = points;
    this.maxClass = downClass.reduce((max, k) => Math.max(max, k), 0);
    this.index = lon.length > 0 ? new KDBush(lon.length, 64, Float32Array) : null;
    if (this.index === null) return;
    for (let i = 0; i < lon.length; i++) this.index.add(lon[i], lat[i]);
    this.index.finish();
  }

  /**
   * Metres from the nearest point of classes >= (minClass, minUpClass) to the nearest of the given
   * points; null when none has those classes.
   */
  nearestM(lons: readonly number[], lats: readonly number[], minClass: number, minUpClass = 0): number | null {
    // Without a match the search would visit every item before giving up.
    if (this.index === null || minClass > this.maxClass) return null;
    const { lon, lat, downClass, upClass } = this.points;
    const covered = (id: number) => downClass[id] >= minClass && upClass[id] >= minUpClass;
    let best = Infinity;
    for (let i = 0; i < lons.length; i++) {
      const maxKm = Number.isFinite(best) ? (best / EARTH_RADIUS_M) * GEOKDBUSH_RADIUS_KM * (1 + 1e-9) : undefined;
      const [id] = around(this.index, lons[i], lats[i], 1, maxKm, covered);
      if (id !== undefined) best = Math.min(best, distanceM(lons[i], lats[i], lon[id], lat[id]));
    }
    return Number.isFinite(best) ? best : null;
  }
}

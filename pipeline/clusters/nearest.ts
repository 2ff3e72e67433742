// Distance from a cluster to the nearest covered address: an exact great-circle nearest-neighbour
// search (geokdbush over a kdbush index of every address with a class filter, or of the covered
// addresses alone where they are few) from each of the cluster's distinct positions, each search
// bounded by the best distance found so far for the cluster.
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import { EARTH_RADIUS_M, distanceM } from './geo.ts';
import type { AddressPoints } from './points.ts';

/** geokdbush measures in kilometres on a sphere of this radius; only the angle matters. */
const GEOKDBUSH_RADIUS_KM = 6371;

/** Points indexed for one search: kdbush item i is address ids[i] (all addresses when ids is null). */
interface SearchIndex {
  index: KDBush;
  ids: Uint32Array | null;
}

/** Below this share of covered addresses a class pair gets an index of its own. */
const OWN_INDEX_BELOW = 0.5;

export class CoveredIndex {
  /** Every address, searched with a class filter: cheap while most addresses are covered. */
  private all: SearchIndex | null = null;
  /** Per class pair ('down/up') with few covered addresses: an index of those alone; null when there are none. */
  private readonly byClass = new Map<string, SearchIndex | null>();

  constructor(private readonly points: AddressPoints) {}

  /**
   * Metres from the nearest point of classes >= (minClass, minUpClass) to the nearest of the given
   * points; null when none has those classes.
   */
  nearestM(lons: readonly number[], lats: readonly number[], minClass: number, minUpClass = 0): number | null {
    const search = this.indexOf(minClass, minUpClass);
    if (search === null) return null;
    const { lon, lat, downClass, upClass } = this.points;
    const { index, ids } = search;
    const filter = ids === null ? (id: number) => downClass[id] >= minClass && upClass[id] >= minUpClass : undefined;
    let best = Infinity;
    // Addresses often share a position (FCC BDC locations sit at their H3 cell's centre): one search each.
    const searched = new Map<number, number>();
    for (let i = 0; i < lons.length; i++) {
      if (searched.get(lons[i]) === lats[i]) continue;
      searched.set(lons[i], lats[i]);
      const maxKm = Number.isFinite(best) ? (best / EARTH_RADIUS_M) * GEOKDBUSH_RADIUS_KM * (1 + 1e-9) : undefined;
      const [item] = around(index, lons[i], lats[i], 1, maxKm, filter);
      if (item === undefined) continue;
      const id = ids === null ? item : ids[item];
      // The index holds Float32 coordinates; so does the distance, whatever the points' own type.
      best = Math.min(best, distanceM(lons[i], lats[i], Math.fround(lon[id]), Math.fround(lat[id])));
    }
    return Number.isFinite(best) ? best : null;
  }

  /**
   * The index to search for a class pair. While most addresses are covered, all of them with a class
   * filter (the filter rarely skips one). Where few are (gigabit in a rural county, most FCC tiers),
   * a search among all addresses would wade through every uncovered one nearer than the answer, from
   * every address: those covered get an index of their own, smaller than half of all.
   */
  private indexOf(minClass: number, minUpClass: number): SearchIndex | null {
    const key = `${minClass}/${minUpClass}`;
    const known = this.byClass.get(key);
    if (known !== undefined) return known;
    const { lon, lat, downClass, upClass } = this.points;
    const isCovered = (i: number) => downClass[i] >= minClass && upClass[i] >= minUpClass;
    let covered = 0;
    for (let i = 0; i < lon.length; i++) if (isCovered(i)) covered++;
    let search: SearchIndex | null = null;
    if (covered >= OWN_INDEX_BELOW * lon.length && covered > 0) {
      search = this.all ??= { index: pointIndex(lon, lat, null), ids: null };
    } else if (covered > 0) {
      const ids = new Uint32Array(covered);
      for (let i = 0, k = 0; i < lon.length; i++) if (isCovered(i)) ids[k++] = i;
      search = { index: pointIndex(lon, lat, ids), ids };
    }
    this.byClass.set(key, search);
    return search;
  }
}

/** A kdbush index of the points `ids` (all of them when null); item k is ids[k]. */
function pointIndex(lon: ArrayLike<number>, lat: ArrayLike<number>, ids: Uint32Array | null): KDBush {
  const n = ids === null ? lon.length : ids.length;
  const index = new KDBush(n, 64, Float32Array);
  for (let k = 0; k < n; k++) {
    const i = ids === null ? k : ids[k];
    index.add(lon[i], lat[i]);
  }
  index.finish();
  return index;
}

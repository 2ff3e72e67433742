// Distance from a cluster to the nearest covered address, exact on the sphere, over a kdbush index of
// every address with a class filter (or of the covered addresses alone where they are few). Each of the
// cluster's distinct positions walks the index within the best distance found so far for the cluster,
// at first within a reach that grows until something is found: a cluster of a quarter of a million
// addresses costs a short walk per address, not a nearest-neighbour search each.
import KDBush from 'kdbush';
import { EARTH_RADIUS_M, RAD, distanceM, haversineTerm, haversineTermOf } from './geo.ts';
import type { AddressPoints } from './points.ts';

/** Points indexed for one search: kdbush item i is address ids[i] (all addresses when ids is null). */
interface SearchIndex {
  index: KDBush;
  ids: Uint32Array | null;
}

/** Below this share of covered addresses a class pair gets an index of its own. */
const OWN_INDEX_BELOW = 0.5;

/** How far around a cluster the first walk reaches (metres): a link, where a covered neighbour is likeliest. */
const START_REACH_M = 250;
/** Half the Earth's circumference: a reach that holds every point. */
const WHOLE_EARTH_M = Math.PI * EARTH_RADIUS_M;

export class CoveredIndex {
  /** Every address, searched with a class filter: cheap while most addresses are covered. */
  private all: SearchIndex | null = null;
  /** Per class pair ('down/up') with few covered addresses: an index of those alone; null when there are none. */
  private readonly byClass = new Map<string, SearchIndex | null>();

  /**
   * `all`: gives an index of every point, item i point i, built as pointIndex builds one (a register's
   * stored index, pipeline/register/point-index.ts), read once a search needs it; built here otherwise.
   */
  constructor(
    private readonly points: AddressPoints,
    private readonly given?: () => KDBush,
  ) {}

  /**
   * Metres from the nearest point of classes >= (minClass, minUpClass) to the nearest of the given
   * points; null when none has those classes.
   */
  nearestM(lons: readonly number[], lats: readonly number[], minClass: number, minUpClass = 0): number | null {
    const search = this.indexOf(minClass, minUpClass);
    if (search === null || lons.length === 0) return null;
    const { downClass, upClass } = this.points;
    const accept = search.ids === null ? (id: number) => downClass[id] >= minClass && upClass[id] >= minUpClass : (_id: number) => true;
    // Addresses often share a position (FCC BDC locations sit at their H3 cell's centre): each walks once.
    const positions = distinctPositions(lons, lats);
    const best = new Nearest();
    // Every pair nearer than the reach is seen: what is found within it is the nearest.
    for (let reachM = START_REACH_M; ; reachM *= 4) {
      const limit = reachM >= WHOLE_EARTH_M ? 1 : haversineTermOf(reachM) * (1 + 1e-9);
      for (let k = 0; k < positions.lon.length; k++) walk(search, accept, positions, k, limit, best);
      if (best.k >= 0) {
        const { index } = search;
        return distanceM(positions.lon[best.k], positions.lat[best.k], index.coords[2 * best.i], index.coords[2 * best.i + 1]);
      }
      if (reachM >= WHOLE_EARTH_M) return null;
    }
  }

  /** A given index of every point, checked to be of these points as pointIndex would build it. */
  private checked(all: KDBush): KDBush {
    const n = this.points.lon.length;
    if (all.numItems !== n || all.nodeSize !== POINT_INDEX_NODE_SIZE || !(all.coords instanceof Float32Array)) {
      throw new Error(`CoveredIndex: the given index has ${all.numItems} points of node size ${all.nodeSize}, for ${n} points`);
    }
    return all;
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
      search = this.all ??= { index: this.given ? this.checked(this.given()) : pointIndex(lon, lat, null), ids: null };
    } else if (covered > 0) {
      const ids = new Uint32Array(covered);
      for (let i = 0, k = 0; i < lon.length; i++) if (isCovered(i)) ids[k++] = i;
      search = { index: pointIndex(lon, lat, ids), ids };
    }
    this.byClass.set(key, search);
    return search;
  }
}

/** The node size of every point index (pointIndex), which a given one must have too. */
export const POINT_INDEX_NODE_SIZE = 64;

/** A kdbush index of the points `ids` (all of them when null); item k is ids[k]. A register's stored index is one of these. */
export function pointIndex(lon: ArrayLike<number>, lat: ArrayLike<number>, ids: Uint32Array | null): KDBush {
  const n = ids === null ? lon.length : ids.length;
  const index = new KDBush(n, POINT_INDEX_NODE_SIZE, Float32Array);
  for (let k = 0; k < n; k++) {
    const i = ids === null ? k : ids[k];
    index.add(lon[i], lat[i]);
  }
  index.finish();
  return index;
}

/** A cluster's distinct positions, in degrees and as the distance needs them (radians, latitude cosine). */
interface Positions {
  lon: number[];
  lat: number[];
  lonRad: Float64Array;
  latRad: Float64Array;
  cosLat: Float64Array;
}

/** The bits of one position, for hashing. */
const bits = new Float64Array(2);
const words = new Uint32Array(bits.buffer);

/**
 * A cluster's distinct positions, in the order they first come. Found with a hash table over the
 * coordinates' bits: sorting the positions took 2.2 s of a national join's clusters (716 k addresses).
 */
function distinctPositions(lons: readonly number[], lats: readonly number[]): Positions {
  const n = lons.length;
  const mask = 2 ** Math.ceil(Math.log2(2 * n + 2)) - 1;
  // Slot s holds 1 + the index in lon/lat of the position hashed there, 0 when empty.
  const slots = new Int32Array(mask + 1);
  const lon: number[] = [];
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = lons[i];
    const y = lats[i];
    bits[0] = x;
    bits[1] = y;
    let h =
      Math.imul(words[0] ^ Math.imul(words[1], 0x9e3779b1), 0x85ebca6b) ^ Math.imul(words[2] ^ Math.imul(words[3], 0xc2b2ae35), 0x27d4eb2f);
    h ^= h >>> 15;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const k = slots[s] - 1;
      if (k < 0) {
        slots[s] = lon.push(x);
        lat.push(y);
        break;
      }
      if (lon[k] === x && lat[k] === y) break;
    }
  }
  const lonRad = Float64Array.from(lon, (x) => x * RAD);
  const latRad = Float64Array.from(lat, (y) => y * RAD);
  return { lon, lat, lonRad, latRad, cosLat: latRad.map(Math.cos) };
}

/** The least haversine term seen so far, with the position (k) and the kdbush slot (i) it was seen between. */
class Nearest {
  term = Infinity;
  k = -1;
  i = -1;
}

/** A stack of kdbush node ranges (left, right, axis), shared by the walks and grown as needed. */
let stack = new Int32Array(3 * 64);

/** The stack with room for `size` entries. */
function stackOf(size: number): Int32Array {
  if (size > stack.length) {
    const bigger = new Int32Array(Math.max(size, stack.length * 2));
    bigger.set(stack);
    stack = bigger;
  }
  return stack;
}

/**
 * Walks the kd-tree of `search` for the indexed addresses that `accept` takes within the least of
 * `limit` and best.term (haversine terms) of position k, recording any nearer one in `best`. The walk
 * prunes by the box that holds every point within that distance, narrowed as nearer ones turn up.
 */
function walk(search: SearchIndex, accept: (id: number) => boolean, positions: Positions, k: number, limit: number, best: Nearest): void {
  const { index, ids } = search;
  const { coords, nodeSize } = index;
  const order = index.ids;
  const lon0 = positions.lonRad[k];
  const lat0 = positions.latRad[k];
  const cos0 = positions.cosLat[k];
  let bound = Math.min(limit, best.term);
  let [minX, minY, maxX, maxY] = boxAround(positions.lon[k], positions.lat[k], bound);
  let s = stackOf(3);
  s[0] = 0;
  s[1] = order.length - 1;
  s[2] = 0;
  let sp = 3;
  while (sp > 0) {
    const axis = s[--sp];
    const right = s[--sp];
    const left = s[--sp];
    if (right - left > nodeSize) {
      // The node's middle point is a range of its own; the halves go on if the box reaches them.
      const m = (left + right) >> 1;
      const split = coords[2 * m + axis];
      s = stackOf(sp + 9);
      s[sp++] = m;
      s[sp++] = m;
      s[sp++] = axis;
      if (axis === 0 ? minX <= split : minY <= split) {
        s[sp++] = left;
        s[sp++] = m - 1;
        s[sp++] = 1 - axis;
      }
      if (axis === 0 ? maxX >= split : maxY >= split) {
        s[sp++] = m + 1;
        s[sp++] = right;
        s[sp++] = 1 - axis;
      }
      continue;
    }
    for (let i = left; i <= right; i++) {
      const x = coords[2 * i];
      const y = coords[2 * i + 1];
      if (x < minX || x > maxX || y < minY || y > maxY) continue;
      const item = order[i];
      if (!accept(ids === null ? item : ids[item])) continue;
      const yRad = y * RAD;
      const term = haversineTerm(lon0, lat0, cos0, x * RAD, yRad, Math.cos(yRad));
      if (term >= bound) continue;
      bound = term;
      best.term = term;
      best.k = k;
      best.i = i;
      [minX, minY, maxX, maxY] = boxAround(positions.lon[k], positions.lat[k], bound);
    }
  }
}

/**
 * The box (west, south, east, north, degrees) holding every point within a haversine term of a point:
 * the angle in latitude, and in longitude asin(sin θ / cos φ), the widest a spherical cap of angle θ
 * around latitude φ gets; all longitudes where the cap reaches a pole or crosses the antimeridian.
 */
function boxAround(lon: number, lat: number, term: number): [number, number, number, number] {
  if (term >= 1) return [-Infinity, -Infinity, Infinity, Infinity];
  const angle = 2 * Math.asin(Math.sqrt(term)) * (1 + 1e-9);
  // A hair of slack (about a centimetre) against rounding in the bounds.
  const latReach = angle / RAD + 1e-7;
  const sinLon = Math.sin(angle) / Math.cos(lat * RAD);
  if (sinLon >= 1 || Math.abs(lat) + latReach >= 90) return [-Infinity, lat - latReach, Infinity, lat + latReach];
  const lonReach = (Math.asin(sinLon) * (1 + 1e-9)) / RAD + 1e-7;
  if (lon - lonReach < -180 || lon + lonReach > 180) return [-Infinity, lat - latReach, Infinity, lat + latReach];
  return [lon - lonReach, lat - latReach, lon + lonReach, lat + latReach];
}

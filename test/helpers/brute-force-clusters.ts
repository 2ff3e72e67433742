// Brute-force oracles for the clustering tests and the benchmark baseline: every pair, every point.
import { distanceM } from '../../pipeline/clusters/geo.ts';
import { UnionFind } from '../../pipeline/clusters/union-find.ts';

/** Connected components of "within distanceM", comparing all pairs. */
export function bruteForceLabels(lon: ArrayLike<number>, lat: ArrayLike<number>, distance: number): Int32Array {
  const sets = new UnionFind(lon.length);
  for (let i = 0; i < lon.length; i++) {
    for (let j = i + 1; j < lon.length; j++) {
      if (distanceM(lon[i], lat[i], lon[j], lat[j]) <= distance) sets.union(i, j);
    }
  }
  return sets.labels().labels;
}

/** Distance from a point to the nearest of the given points, or null when there are none. */
export function bruteForceNearestM(lon: number, lat: number, others: readonly (readonly [number, number])[]): number | null {
  let best: number | null = null;
  for (const [x, y] of others) {
    const d = distanceM(lon, lat, x, y);
    if (best === null || d < best) best = d;
  }
  return best;
}

// Single-linkage clustering (DBSCAN with minPts 1): points within distanceM of each other, directly
// or through a chain of such points, share a cluster. Points sharing a grid cell are within the
// distance by construction and join at once; neighbouring cells join on the first close pair found,
// so dense towns cost about as much as sparse countryside.
import { RAD, haversineTerm, haversineTermOf } from './geo.ts';
import { SphereGrid } from './sphere-grid.ts';
import { UnionFind } from './union-find.ts';

export interface Linkage {
  /** Cluster number per point, 0..count-1 in order of each cluster's first point. */
  labels: Int32Array;
  count: number;
}

/** The occupied cells, in key order (row by row, west to east), and their points. */
interface Cells {
  /** Ascending. */
  keys: Float64Array;
  rows: Int32Array;
  cols: Int32Array;
  /** Members of cell i are members[start[i] .. start[i+1]). */
  start: Int32Array;
  members: Int32Array;
}

/** The first index of `sorted` whose value is >= `value` (sorted.length when none). */
function lowerBound(sorted: Float64Array, value: number, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Sorted typed arrays and binary search rather than a Map of cell keys: the keys are not small
// integers, and a Map of them cost most of a national linkage in hashing and garbage.
function gridCells(grid: SphereGrid, lonRad: Float64Array, latRad: Float64Array): Cells {
  const n = lonRad.length;
  const pointRow = new Int32Array(n);
  const pointCol = new Int32Array(n);
  const pointKey = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = grid.row(latRad[i]);
    const col = grid.col(row, lonRad[i]);
    pointRow[i] = row;
    pointCol[i] = col;
    pointKey[i] = SphereGrid.key(row, col);
  }
  const sorted = pointKey.slice().sort();
  let count = 0;
  for (let i = 0; i < n; i++) if (count === 0 || sorted[i] !== sorted[count - 1]) sorted[count++] = sorted[i];
  const keys = sorted.slice(0, count);
  const rows = new Int32Array(count);
  const cols = new Int32Array(count);
  const cellOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cell = lowerBound(keys, pointKey[i]);
    cellOf[i] = cell;
    rows[cell] = pointRow[i];
    cols[cell] = pointCol[i];
  }
  // Counting sort of the points by cell.
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) start[cellOf[i] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const fill = start.slice(0, count);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[fill[cellOf[i]]++] = i;
  return { keys, rows, cols, start, members };
}

export function linkPoints(lon: Float64Array, lat: Float64Array, distanceM: number): Linkage {
  const n = lon.length;
  const grid = new SphereGrid(distanceM);
  const lonRad = new Float64Array(n);
  const latRad = new Float64Array(n);
  const cosLat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lonRad[i] = lon[i] * RAD;
    latRad[i] = lat[i] * RAD;
    cosLat[i] = Math.cos(latRad[i]);
  }
  const cells = gridCells(grid, lonRad, latRad);
  const { keys, start, members } = cells;
  const limit = haversineTermOf(distanceM);
  const sets = new UnionFind(n);

  const closePairExists = (a: number, b: number): boolean => {
    for (let i = start[a]; i < start[a + 1]; i++) {
      const p = members[i];
      for (let j = start[b]; j < start[b + 1]; j++) {
        const q = members[j];
        if (haversineTerm(lonRad[p], latRad[p], cosLat[p], lonRad[q], latRad[q], cosLat[q]) <= limit) return true;
      }
    }
    return false;
  };

  for (let c = 0; c < keys.length; c++) {
    const first = members[start[c]];
    for (let i = start[c] + 1; i < start[c + 1]; i++) sets.union(first, members[i]);
  }
  // Each unordered pair of cells once, from the one with the lower key: a pair holding a close pair
  // is found from either side, and the cells with higher keys are this row's to the east and the rows north.
  let a = 0;
  let firstA = 0;
  const visitRow = (r: number, firstCol: number, lastCol: number): void => {
    if (r < cells.rows[a]) return;
    const from = r === cells.rows[a] ? Math.max(firstCol, cells.cols[a] + 1) : firstCol;
    if (from > lastCol) return;
    const last = SphereGrid.key(r, lastCol);
    for (let b = lowerBound(keys, SphereGrid.key(r, from), a + 1); b < keys.length && keys[b] <= last; b++) {
      const firstB = members[start[b]];
      if (sets.find(firstA) !== sets.find(firstB) && closePairExists(a, b)) sets.union(firstA, firstB);
    }
  };
  for (; a < keys.length; a++) {
    firstA = members[start[a]];
    grid.forNeighbourRows(cells.rows[a], cells.cols[a], visitRow);
  }
  return sets.labels();
}

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

interface Cells {
  keys: number[];
  rows: Int32Array;
  cols: Int32Array;
  /** Members of cell i are members[start[i] .. start[i+1]). */
  start: Int32Array;
  members: Int32Array;
  byKey: Map<number, number>;
}

function gridCells(grid: SphereGrid, lonRad: Float64Array, latRad: Float64Array): Cells {
  const n = lonRad.length;
  const byKey = new Map<number, number>();
  const keys: number[] = [];
  const rowsOf: number[] = [];
  const colsOf: number[] = [];
  const cellOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = grid.row(latRad[i]);
    const col = grid.col(row, lonRad[i]);
    const key = SphereGrid.key(row, col);
    let cell = byKey.get(key);
    if (cell === undefined) {
      cell = keys.length;
      byKey.set(key, cell);
      keys.push(key);
      rowsOf.push(row);
      colsOf.push(col);
    }
    cellOf[i] = cell;
  }
  // Counting sort of the points by cell.
  const start = new Int32Array(keys.length + 1);
  for (let i = 0; i < n; i++) start[cellOf[i] + 1]++;
  for (let c = 0; c < keys.length; c++) start[c + 1] += start[c];
  const fill = start.slice(0, keys.length);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[fill[cellOf[i]]++] = i;
  return { keys, rows: Int32Array.from(rowsOf), cols: Int32Array.from(colsOf), start, members, byKey };
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
  const { start, members } = cells;
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

  for (let c = 0; c < cells.keys.length; c++) {
    const first = members[start[c]];
    for (let i = start[c] + 1; i < start[c + 1]; i++) sets.union(first, members[i]);
  }
  // Each unordered pair of cells once: a pair holding a close pair is found from either side.
  for (let a = 0; a < cells.keys.length; a++) {
    const firstA = members[start[a]];
    grid.forNeighbourKeys(cells.rows[a], cells.cols[a], (key) => {
      const b = cells.byKey.get(key);
      if (b === undefined || b <= a) return;
      const firstB = members[start[b]];
      if (sets.find(firstA) !== sets.find(firstB) && closePairExists(a, b)) sets.union(firstA, firstB);
    });
  }
  return sets.labels();
}

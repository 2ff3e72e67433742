// Bulk reads the tile layers index in memory once per release: H3 cell counts and uncovered points.
import { DOWN_THRESHOLDS } from '../../common/constants.ts';
import type { DB } from './db.ts';

/** Number of download classes (0 .. DOWN_THRESHOLDS.length). */
export const CLASS_COUNT = DOWN_THRESHOLDS.length + 1;

export interface HexCells {
  cells: string[];
  lon: Float64Array;
  lat: Float64Array;
  /** Addresses per cell and class: counts[i * CLASS_COUNT + class]. */
  counts: Uint32Array;
}

export interface UncoveredPoints {
  ids: Uint32Array;
  lon: Float64Array;
  lat: Float64Array;
  downClass: Uint8Array;
}

export interface PointDetail {
  address_id: string;
  best_down: number;
  best_technology: string;
}

export function createTileSourceStore(db: DB) {
  const hexRows = db
    .prepare<[number, number], [string, number, number, number, number]>(
      'SELECT cell, down_class, addresses, lon, lat FROM hex_stats WHERE release_id = ? AND res = ? ORDER BY cell',
    )
    .raw();
  const hexRowCount = db.prepare<[number, number], { n: number }>('SELECT COUNT(*) AS n FROM hex_stats WHERE release_id = ? AND res = ?');
  // One range of addresses_uncovered per area of the release (the areas its aggregates name), not a
  // scan of the release: the index leads with area_code, so `down_class < top` alone cannot use it
  // (an 8 M-address release took 11-16 s to scan for its 81 k uncovered points).
  const uncoveredWhere = `release_id = @release AND down_class < ${DOWN_THRESHOLDS.length}
    AND area_code IN (SELECT area_code FROM area_stats WHERE release_id = @release AND level <> 'all')`;
  /** The query behind uncoveredPoints (its plan is tested). */
  const pointsSql = `SELECT id, lon, lat, down_class FROM addresses WHERE ${uncoveredWhere}`;
  const pointCount = db.prepare<[{ release: number }], { n: number }>(`SELECT COUNT(*) AS n FROM addresses WHERE ${uncoveredWhere}`);
  const pointRows = db.prepare<[{ release: number }], [number, number, number, number]>(pointsSql).raw();
  const details = db.prepare<[string], PointDetail & { id: number }>(
    'SELECT id, address_id, best_down, best_technology FROM addresses WHERE id IN (SELECT value FROM json_each(?))',
  );

  return {
    pointsSql,
    /** The H3 cells of one release and resolution with their counts per download class. */
    hexCells(release: number, res: number): HexCells {
      // Rows come in cell order (the primary key); typed arrays sized by the row count avoid
      // hundreds of thousands of small JS arrays at fine resolutions.
      const rows = hexRowCount.get(release, res)!.n;
      const lon = new Float64Array(rows);
      const lat = new Float64Array(rows);
      const counts = new Uint32Array(rows * CLASS_COUNT);
      const cells: string[] = [];
      for (const [cell, downClass, addresses, x, y] of hexRows.iterate(release, res)) {
        if (cells.length === 0 || cells[cells.length - 1] !== cell) {
          lon[cells.length] = x;
          lat[cells.length] = y;
          cells.push(cell);
        }
        counts[(cells.length - 1) * CLASS_COUNT + downClass] += addresses;
      }
      const n = cells.length;
      return { cells, lon: lon.slice(0, n), lat: lat.slice(0, n), counts: counts.slice(0, n * CLASS_COUNT) };
    },
    /** What single points of the uncovered tile layer show, by address row id (one query per tile). */
    pointDetails(ids: number[]): Map<number, PointDetail> {
      const found = new Map<number, PointDetail>();
      for (const { id, ...detail } of details.all(JSON.stringify(ids))) found.set(id, detail);
      return found;
    },
    /** Every address of a release below the top download class (uncovered at some threshold). */
    uncoveredPoints(release: number): UncoveredPoints {
      // Counted first so the rows go straight into typed arrays (millions in an old release).
      const n = pointCount.get({ release })!.n;
      const points = { ids: new Uint32Array(n), lon: new Float64Array(n), lat: new Float64Array(n), downClass: new Uint8Array(n) };
      let i = 0;
      for (const [id, x, y, c] of pointRows.iterate({ release })) {
        if (i === n) break;
        points.ids[i] = id;
        points.lon[i] = x;
        points.lat[i] = y;
        points.downClass[i++] = c;
      }
      if (i === n) return points;
      const { ids, lon, lat, downClass } = points;
      return { ids: ids.subarray(0, i), lon: lon.subarray(0, i), lat: lat.subarray(0, i), downClass: downClass.subarray(0, i) };
    },
  };
}
export type TileSourceStore = ReturnType<typeof createTileSourceStore>;

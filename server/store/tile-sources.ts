// Bulk reads the tile layers index in memory, once per release and coverage definition: H3 cell
// counts (from hex_stats) and uncovered points (from addresses); and the covered addresses of one
// tile, read through the address grid index (too many nationally to hold in memory).
import { ADDRESS_GRID_COLUMNS, ADDRESS_GRID_PER_DEGREE, bestTechnologyIndex } from '../../common/constants.ts';
import type { CoverageDefinitions } from '../../common/definitions.ts';
import { ADDRESS_GRID_SQL, gridKeySql } from '../../common/schema.ts';
import type { Threshold } from '../../common/types.ts';
import { eachRow } from '../../common/each-row.ts';
import { sharedRegisterOf } from '../../common/shared-register.ts';
import type { DB } from './db.ts';
import { coverClasses } from './figures.ts';
import { type ClassCounts, classColumns, perClassCounts, uncoveredRowsSql } from '../../common/uncovered-index.ts';

/** The H3 cells of one release and resolution, in cell order, with their centres. */
export interface HexCellPositions {
  cells: string[];
  lon: Float64Array;
  lat: Float64Array;
}

/** The figures of those cells at one threshold, in the same order. */
export interface HexCellCounts {
  addresses: Uint32Array;
  covered: Uint32Array;
  /** Uncovered addresses whose best technology is one of those asked for (all when none was). */
  uncovered: Uint32Array;
}

export type HexCells = HexCellPositions & HexCellCounts;

export interface UncoveredPoints {
  ids: Uint32Array;
  lon: Float64Array;
  lat: Float64Array;
  /** Index in BEST_TECHNOLOGIES of the best technology. */
  technology: Uint8Array;
  /** Each point's pointDetails, read with the points when asked for (a walk over every tile needs them all). */
  details?: PointDetailColumns;
}

/** What pointDetails gives of each point, aligned with the points. */
export interface PointDetailColumns {
  addressId: string[];
  bestDown: Float64Array;
  bestTechnology: string[];
}

/** Covered addresses of one box: positions only, every `step`-th where the box holds more than asked. */
export interface CoveredPoints {
  lon: number[];
  lat: number[];
  /** 1 when every covered address is there, k when one in k is. */
  step: number;
}

export interface PointDetail {
  address_id: string;
  best_down: number;
  best_technology: string;
}

export function createTileSourceStore(db: DB, definitions: () => CoverageDefinitions) {
  // Read through a user function (common/each-row.ts): stepping through the cells and points from JavaScript
  // took 2-3x as long (the 716 k uncovered points of a 9.6 M-address release with their details: 2.3 s against 1.0 s).
  const hexCountsSql = `SELECT count(atlas_each_row(cell, addresses, covered, uncovered)) FROM (
      SELECT cell, SUM(addresses) AS addresses,
             SUM(CASE WHEN down_class >= @dc AND up_class >= @uc THEN addresses ELSE 0 END) AS covered,
             SUM(CASE WHEN (down_class < @dc OR up_class < @uc)
                       AND (@techs IS NULL OR technology IN (SELECT value FROM json_each(@techs))) THEN addresses ELSE 0 END) AS uncovered
        FROM hex_stats WHERE release_id = @release AND res = @res AND fixed_only = @fixed GROUP BY cell ORDER BY cell)`;
  const hexPositionsSql = `SELECT count(atlas_each_row(cell, lon, lat)) FROM (
      SELECT cell, lon, lat FROM hex_stats WHERE release_id = ? AND res = ? AND fixed_only = 0 GROUP BY cell ORDER BY cell)`;
  const hexCellCount = db
    .prepare<[number, number], number>('SELECT COUNT(DISTINCT cell) FROM hex_stats WHERE release_id = ? AND res = ? AND fixed_only = 0')
    .pluck();
  const details = db.prepare<[string], PointDetail & { id: number }>(
    'SELECT id, address_id, best_down, best_technology FROM addresses WHERE id IN (SELECT value FROM json_each(?))',
  );
  /**
   * The uncovered points' query for a class basis, with or without an upload condition: the addresses
   * below download class @dc (or, with an upload condition, below upload class @uc). The ids come from
   * one range of addresses_uncovered (or addresses_uncovered_fixed) per area of the release (the areas
   * its aggregates name), from the index alone; only then are their rows read, in id order. A scan of
   * the release took 11-16 s for the 81 k uncovered points of 8 M addresses: the index leads with
   * area_code, so a condition on the classes alone cannot use it. Reading the row of every index entry
   * the upload condition goes through took 7.6 s for the 83 k of 4 M FCC locations at 100/20; this 0.4 s.
   */
  function pointQuery(fixed: 0 | 1, withUp: boolean, d: ClassCounts) {
    const { down, up } = classColumns(fixed);
    const where = `release_id = @release AND ${withUp ? `(${down} < @dc OR ${up} < @uc)` : `${down} < @dc`}
      AND area_code IN (SELECT area_code FROM area_stats WHERE release_id = @release AND level <> 'all')
      AND ${uncoveredRowsSql(fixed, d)}`;
    const sql = `SELECT id, lon, lat, best_technology FROM address_rows WHERE id IN (SELECT id FROM address_rows WHERE ${where})`;
    // The same rows with pointDetails's columns (the address id from the register for rows that share one, as the view does).
    const detailsSql = `SELECT a.id, a.lon, a.lat, a.best_technology, COALESCE(r.address_id, a.address_id) AS address_id, a.best_down
      FROM address_rows a LEFT JOIN register_addresses r ON r.id = a.register_row
      WHERE a.id IN (SELECT id FROM address_rows WHERE ${where})`;
    type Bind = { release: number; dc: number; uc?: number };
    return {
      sql,
      detailsSql,
      count: db.prepare<Bind, number>(`SELECT COUNT(*) FROM address_rows WHERE ${where}`).pluck(),
      rowsSql: `SELECT count(atlas_each_row(id, lon, lat, best_technology)) FROM (${sql})`,
      detailRowsSql: `SELECT count(atlas_each_row(id, lon, lat, best_technology, address_id, best_down)) FROM (${detailsSql})`,
    };
  }
  /** The queries of the current definitions (their index condition follows atlas init). */
  const pointQueries = perClassCounts(definitions, (d) =>
    [0, 1].map((fixed) => [false, true].map((up) => pointQuery(fixed as 0 | 1, up, d))),
  );
  /** The grid cells' index ranges over a box: one per grid row, [lo, hi] keys. */
  function gridRanges([w, s, e, n]: readonly number[]): [number, number][] {
    const cell = (v: number, offset: number, cells: number) =>
      Math.min(cells - 1, Math.max(0, Math.floor((v + offset) * ADDRESS_GRID_PER_DEGREE)));
    const [c0, c1] = [cell(w, 180, ADDRESS_GRID_COLUMNS), cell(e, 180, ADDRESS_GRID_COLUMNS)];
    const [r0, r1] = [cell(s, 90, 180 * ADDRESS_GRID_PER_DEGREE), cell(n, 90, 180 * ADDRESS_GRID_PER_DEGREE)];
    const out: [number, number][] = [];
    for (let r = r0; r <= r1; r++) out.push([r * ADDRESS_GRID_COLUMNS + c0, r * ADDRESS_GRID_COLUMNS + c1]);
    return out;
  }
  const inGrid = `release_id = @release AND ${ADDRESS_GRID_SQL} BETWEEN @lo AND @hi AND register_row IS NULL`;
  /**
   * A release over a shared register (common/shared-register.ts): its addresses are the register's, found in
   * the register's grid index, and each one's classes read from the release's row, register row id + offset.
   */
  const inRegisterGrid = `r.register_id = @register AND ${gridKeySql('r.')} BETWEEN @lo AND @hi`;
  const gridCount = db
    .prepare<{ release: number; lo: number; hi: number }, number>(`SELECT COUNT(*) FROM address_rows WHERE ${inGrid}`)
    .pluck();
  const registerGridCount = db
    .prepare<{ register: number; lo: number; hi: number }, number>(`SELECT COUNT(*) FROM register_addresses AS r WHERE ${inRegisterGrid}`)
    .pluck();
  /** Covered at a threshold, per class basis; read from addresses_by_grid alone (it holds every column asked). */
  const coveredSql = ([0, 1] as const).map((fixed) => {
    const { down, up } = classColumns(fixed);
    return `SELECT lon, lat FROM address_rows WHERE ${inGrid} AND id % @step = 0
      AND lon >= @w AND lon <= @e AND lat >= @s AND lat <= @n AND ${down} >= @dc AND ${up} >= @uc`;
  });
  /** The same over a shared register: its grid index gives the rows of a box, read by id (positions are in them too). */
  const sharedCoveredSql = ([0, 1] as const).map((fixed) => {
    const { down, up } = classColumns(fixed);
    return `SELECT a.lon, a.lat FROM register_addresses AS r CROSS JOIN address_rows AS a ON a.id = r.id + @offset
      WHERE ${inRegisterGrid} AND (r.id + @offset) % @step = 0
      AND a.lon >= @w AND a.lon <= @e AND a.lat >= @s AND a.lat <= @n AND a.${down} >= @dc AND a.${up} >= @uc`;
  });
  const coveredRows = coveredSql.map((sql) => db.prepare<Record<string, number>, [number, number]>(sql).raw());
  const sharedCoveredRows = sharedCoveredSql.map((sql) => db.prepare<Record<string, number>, [number, number]>(sql).raw());

  return {
    /** The queries behind uncoveredPoints by all offers, without and with an upload condition (their plans are tested). */
    get pointsSql(): string[] {
      return pointQueries()[0].map((q) => q.sql);
    },
    /** The same queries with the points' details (uncoveredPoints with `details`). */
    get pointDetailsSql(): string[] {
      return pointQueries()[0].map((q) => q.detailsSql);
    },
    /** The queries behind coveredPoints, without and with fixed_only (their plans are tested). */
    coveredSql,
    /** The same for a release over a shared register. */
    sharedCoveredSql,
    /** The H3 cells of one release and resolution with their centres, shared by every threshold. */
    hexCellPositions(release: number, res: number): HexCellPositions {
      // Typed arrays sized by the cell count avoid hundreds of thousands of small JS arrays at fine resolutions.
      const n = hexCellCount.get(release, res)!;
      const out = { cells: [] as string[], lon: new Float64Array(n), lat: new Float64Array(n) };
      eachRow(db, hexPositionsSql, [release, res], (cell, x, y) => {
        const i = out.cells.length;
        if (i >= n) return;
        out.cells.push(cell as string);
        out.lon[i] = x as number;
        out.lat[i] = y as number;
      });
      const k = out.cells.length;
      return { cells: out.cells, lon: out.lon.subarray(0, k), lat: out.lat.subarray(0, k) };
    },
    /**
     * The addresses, covered (at the threshold) and uncovered of the given best technologies (null:
     * all) of those cells, aligned with `positions` (both in cell order).
     */
    hexCellCounts(
      release: number,
      res: number,
      positions: HexCellPositions,
      threshold: Threshold,
      technologies: readonly string[] | null,
    ): HexCellCounts {
      const { dc, uc, fixed } = coverClasses(threshold, definitions());
      const n = positions.cells.length;
      const out = { addresses: new Uint32Array(n), covered: new Uint32Array(n), uncovered: new Uint32Array(n) };
      const techs = technologies ? JSON.stringify(technologies) : null;
      let i = 0;
      eachRow(db, hexCountsSql, [{ release, res, fixed, dc, uc, techs }], (c, addresses, covered, uncovered) => {
        const cell = c as string;
        while (i < n && positions.cells[i] < cell) i++;
        if (i === n || positions.cells[i] !== cell) return;
        out.addresses[i] = addresses as number;
        out.covered[i] = covered as number;
        out.uncovered[i] = uncovered as number;
      });
      return out;
    },
    /** What single points of the uncovered tile layer show, by address row id (one query per tile). */
    pointDetails(ids: number[]): Map<number, PointDetail> {
      const found = new Map<number, PointDetail>();
      for (const { id, ...detail } of details.all(JSON.stringify(ids))) found.set(id, detail);
      return found;
    },
    /**
     * The covered addresses (at `threshold`) of a release in a box [w, s, e, n]; where its grid cells
     * hold more than `max` addresses, every k-th (by row id) for the smallest k that keeps within it.
     */
    coveredPoints(release: number, threshold: Threshold, box: readonly number[], max: number): CoveredPoints {
      const { dc, uc, fixed } = coverClasses(threshold, definitions());
      const ranges = gridRanges(box);
      const shared = sharedRegisterOf(db, release);
      let total = 0;
      for (const [lo, hi] of ranges) {
        total += shared ? registerGridCount.get({ register: shared.registerId, lo, hi })! : gridCount.get({ release, lo, hi })!;
      }
      const step = Math.max(1, Math.ceil(total / Math.max(1, max)));
      const out: CoveredPoints = { lon: [], lat: [], step };
      const [w, s, e, n] = box;
      for (const [lo, hi] of ranges) {
        const rows = shared
          ? sharedCoveredRows[fixed].iterate({ register: shared.registerId, offset: shared.offset, lo, hi, step, w, s, e, n, dc, uc })
          : coveredRows[fixed].iterate({ release, lo, hi, step, w, s, e, n, dc, uc });
        for (const [x, y] of rows) {
          out.lon.push(x);
          out.lat.push(y);
        }
      }
      return out;
    },
    /**
     * Every address of a release that is uncovered at a threshold (download, upload condition and class
     * basis). Only the threshold's own: where the top download threshold is far above the goal (FCC
     * tiers: 1000 against 100/20), the addresses below the top are most of the release.
     */
    uncoveredPoints(release: number, threshold: Threshold, details = false): UncoveredPoints {
      const { dc, uc, fixed } = coverClasses(threshold, definitions());
      const q = pointQueries()[fixed][uc > 0 ? 1 : 0];
      const bind = uc > 0 ? { release, dc, uc } : { release, dc };
      // Counted first so the rows go straight into typed arrays (millions in an old release).
      const n = q.count.get(bind)!;
      const ids = new Uint32Array(n);
      const lon = new Float64Array(n);
      const lat = new Float64Array(n);
      const technology = new Uint8Array(n);
      const columns: PointDetailColumns | null = details ? { addressId: [], bestDown: new Float64Array(n), bestTechnology: [] } : null;
      // Each technology's text once, not once a point.
      const texts = new Map<string, string>();
      let i = 0;
      eachRow(db, columns ? q.detailRowsSql : q.rowsSql, [bind], (id, x, y, tech, addressId, bestDown) => {
        if (i === n) return;
        const t = tech as string;
        ids[i] = id as number;
        lon[i] = x as number;
        lat[i] = y as number;
        technology[i] = bestTechnologyIndex(t);
        if (columns) {
          columns.addressId.push(addressId as string);
          columns.bestDown[i] = bestDown as number;
          let text = texts.get(t);
          if (text === undefined) texts.set(t, (text = t));
          columns.bestTechnology.push(text);
        }
        i++;
      });
      const points: UncoveredPoints = {
        ids: ids.subarray(0, i),
        lon: lon.subarray(0, i),
        lat: lat.subarray(0, i),
        technology: technology.subarray(0, i),
      };
      if (columns) points.details = { ...columns, bestDown: columns.bestDown.subarray(0, i) };
      return points;
    },
  };
}
export type TileSourceStore = ReturnType<typeof createTileSourceStore>;

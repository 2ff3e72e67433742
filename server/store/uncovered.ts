// Uncovered addresses of a set of areas, optionally inside a bbox or of some best technologies:
// keyset pages that follow the index `addresses_uncovered` (release, area, download class, upload
// class, id), or `addresses_uncovered_fixed` with fixed_only, so every page of every threshold is a
// few index range reads with bounded work, and iterators built from the pages.
import type { ClassThresholds, CoverageDefinitions } from '../../common/definitions.ts';
import type { Threshold } from '../../common/types.ts';
import { ADDRESS_COLUMNS, type AddressRow } from './addresses.ts';
import type { DB } from './db.ts';
import { InvalidCursor } from './errors.ts';
import { coverClasses } from './figures.ts';
import { type ClassCounts, classColumns, perClassCounts, uncoveredRowsSql } from '../../common/uncovered-index.ts';

export interface UncoveredQuery {
  release: number;
  /** Municipality codes to search (addresses are assigned to municipalities). */
  areaCodes: string[];
  bbox?: readonly [number, number, number, number];
  threshold: Threshold;
  /** Keep only addresses whose best technology is one of these (undefined: all). */
  technologies?: readonly string[];
}

export interface UncoveredPage {
  rows: AddressRow[];
  /** Row id to continue after, or null on the last page. */
  nextAfter: number | null;
}

/** A (download class, upload class) pair: one range of the index per release and area. */
type Cell = readonly [down: number, up: number];

/**
 * Rows a page may read beyond its limit: a bbox page whose box holds few of its areas' addresses
 * ends early, with a cursor, rather than reading the areas through.
 */
export const SCAN_BUDGET = 4000;
const STREAM_PAGE = 2000;
/** Rows read per range read while filtering by bbox or technology. */
const BBOX_CHUNK = 512;

/**
 * The cells whose addresses are uncovered at a threshold, in page order: every cell of the
 * database's classes, slowest first, but those at or above the threshold's classes.
 */
export function uncoveredCells(threshold: Threshold, t: ClassThresholds): Cell[] {
  const { dc, uc } = coverClasses(threshold, t);
  const cells: Cell[] = [];
  for (let d = 0; d <= t.down.length; d++) for (let u = 0; u <= t.up.length; u++) if (d < dc || u < uc) cells.push([d, u]);
  return cells;
}

/** The page order: area code, then download class, upload class and id (import order). */
export function pageOrder(q: Pick<UncoveredQuery, 'areaCodes'>): string[] {
  return [...new Set(q.areaCodes)].sort();
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

type Basis = ReturnType<typeof basisStatements>;

/** The statements of one class basis (fixed_only 0 or 1): the same queries over its class columns. */
function basisStatements(db: DB, fixed: 0 | 1, definitions: ClassCounts) {
  const { down, up } = classColumns(fixed);
  // The index's own condition: a cell of uncoveredCells always meets it.
  const cell = `release_id = ? AND area_code = ? AND ${down} = ? AND ${up} = ? AND ${uncoveredRowsSql(fixed, definitions)}`;
  const range = `${cell} AND id > ? ORDER BY id LIMIT ?`;
  const inTechnologies = 'best_technology IN (SELECT value FROM json_each(?))';
  return {
    rangeSql: `SELECT id FROM address_rows WHERE ${range}`,
    // Only the index: no table row is read to find a page.
    ids: db.prepare<[number, string, number, number, number, number], number>(`SELECT id FROM address_rows WHERE ${range}`).pluck(),
    withPosition: db
      .prepare<[number, string, number, number, number, number], [number, number, number, string]>(
        `SELECT id, lon, lat, best_technology FROM address_rows WHERE ${range}`,
      )
      .raw(),
    cellCount: db.prepare<[number, string, number, number], number>(`SELECT COUNT(*) FROM address_rows WHERE ${cell}`).pluck(),
    cellCountIn: db
      .prepare<[number, string, number, number, number, number, number, number], number>(
        `SELECT COUNT(*) FROM address_rows WHERE ${cell} AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?`,
      )
      .pluck(),
    cellCountOf: db
      .prepare<[number, string, number, number, string, number, number, number, number], number>(
        `SELECT COUNT(*) FROM address_rows WHERE ${cell} AND ${inTechnologies} AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?`,
      )
      .pluck(),
    positionOf: db.prepare<[number], { release_id: number; area_code: string; down_class: number; up_class: number }>(
      `SELECT release_id, area_code, ${down} AS down_class, ${up} AS up_class FROM address_rows WHERE id = ?`,
    ),
  };
}

export function createUncoveredStore(db: DB, definitions: () => CoverageDefinitions, scanBudget = SCAN_BUDGET) {
  /** The statements of the current definitions (their index condition follows atlas init). */
  const bases = perClassCounts(definitions, (d): readonly [Basis, Basis] => [basisStatements(db, 0, d), basisStatements(db, 1, d)]);
  const basis = (q: UncoveredQuery) => bases()[q.threshold.fixed_only ? 1 : 0];
  const details = db.prepare<[string], AddressRow>(`SELECT ${ADDRESS_COLUMNS} FROM addresses WHERE id IN (SELECT value FROM json_each(?))`);
  /** Whether a row read with its position and technology passes the query's bbox and technology filters. */
  function filter(q: UncoveredQuery): ((lon: number, lat: number, technology: string) => boolean) | null {
    if (!q.bbox && !q.technologies) return null;
    const [w, s, e, n] = q.bbox ?? [-Infinity, -Infinity, Infinity, Infinity];
    const keep = q.technologies ? new Set(q.technologies) : null;
    return (lon, lat, technology) => lon >= w && lon <= e && lat >= s && lat <= n && (!keep || keep.has(technology));
  }

  /** Where a page after row `after` starts: area, cell and id; InvalidCursor when the row is not of this query. */
  function start(q: UncoveredQuery, areas: string[], cells: Cell[], after: number): { area: number; cell: number } {
    if (after === 0) return { area: 0, cell: 0 };
    const row = basis(q).positionOf.get(after);
    const area = row ? areas.indexOf(row.area_code) : -1;
    const cell = row ? cells.findIndex(([d, u]) => d === row.down_class && u === row.up_class) : -1;
    if (!row || row.release_id !== q.release || area < 0 || cell < 0) {
      throw new InvalidCursor('The cursor does not belong to this query (or its release was replaced); start again without `cursor`.');
    }
    return { area, cell };
  }

  function page(q: UncoveredQuery, after: number, limit: number): UncoveredPage {
    const areas = pageOrder(q);
    const cells = uncoveredCells(q.threshold, definitions());
    const from = start(q, areas, cells, after);
    const { ids, withPosition } = basis(q);
    const keep = filter(q);
    const found: number[] = [];
    // Rows read; range reads of empty cells are bounded by areas x cells and not counted, since a
    // cursor can only point at a row.
    let budget = limit + scanBudget;
    let lastRead = after;
    for (let a = from.area; a < areas.length; a++) {
      for (let c = a === from.area ? from.cell : 0; c < cells.length; c++) {
        const [d, u] = cells[c];
        let afterId = a === from.area && c === from.cell ? after : 0;
        for (;;) {
          if (budget <= 0) return finish(found, limit, lastRead);
          const chunk = keep ? Math.min(BBOX_CHUNK, budget) : limit + 1 - found.length;
          let read = 0;
          if (keep) {
            for (const [id, lon, lat, technology] of withPosition.all(q.release, areas[a], d, u, afterId, chunk)) {
              read++;
              lastRead = afterId = id;
              if (keep(lon, lat, technology) && found.push(id) > limit) return finish(found, limit, lastRead);
            }
          } else {
            for (const id of ids.all(q.release, areas[a], d, u, afterId, chunk)) {
              read++;
              lastRead = afterId = id;
              found.push(id);
            }
            if (found.length > limit) return finish(found, limit, lastRead);
          }
          budget -= read;
          if (read < chunk) break;
        }
      }
    }
    return finish(found, limit, null);
  }

  /**
   * The rows of the first `limit` ids in page order. The cursor is the last row shown when more were
   * found; else the last row read when the budget ended the page (null: nothing is left).
   */
  function finish(found: number[], limit: number, lastRead: number | null): UncoveredPage {
    const more = found.length > limit;
    const shown = more ? found.slice(0, limit) : found;
    const byId = new Map<number, AddressRow>();
    if (shown.length > 0) for (const row of details.all(JSON.stringify(shown))) byId.set(row.id, row);
    const rows = shown.map((id) => byId.get(id)!);
    return { rows, nextAfter: more ? shown[shown.length - 1] : lastRead };
  }

  return {
    page,
    /** How many rows match (every page together): index-only counts per cell, unless a bbox or technologies need rows. */
    count(q: UncoveredQuery): number {
      const { cellCount, cellCountIn, cellCountOf } = basis(q);
      const [w, s, e, n] = q.bbox ?? [-180, -90, 180, 90];
      let total = 0;
      for (const area of pageOrder(q)) {
        for (const [d, u] of uncoveredCells(q.threshold, definitions())) {
          if (q.technologies) total += cellCountOf.get(q.release, area, d, u, JSON.stringify(q.technologies), w, e, s, n)!;
          else total += q.bbox ? cellCountIn.get(q.release, area, d, u, w, e, s, n)! : cellCount.get(q.release, area, d, u)!;
        }
      }
      return total;
    },
    /** The SQL of one range read (fixed_only 0), for checking its query plan. */
    get rangeSql(): string {
      return bases()[0].rangeSql;
    },
    /** The same with fixed_only. */
    get fixedRangeSql(): string {
      return bases()[1].rangeSql;
    },
    /** Every matching row in page order, fetched a page at a time (for callers off the event loop). */
    *all(q: UncoveredQuery): Generator<AddressRow> {
      let after: number | null = 0;
      while (after !== null) {
        const p = page(q, after, STREAM_PAGE);
        yield* p.rows;
        after = p.nextAfter;
      }
    },
    /** [lon, lat, lon, lat, …] of every matching address: what a map of them needs, without the rows. */
    positions(q: UncoveredQuery): Float64Array {
      const { withPosition } = basis(q);
      const keep = filter(q);
      let out = new Float64Array(4096);
      let n = 0;
      for (const area of pageOrder(q)) {
        for (const [d, u] of uncoveredCells(q.threshold, definitions())) {
          let afterId = 0;
          for (;;) {
            const rows = withPosition.all(q.release, area, d, u, afterId, STREAM_PAGE);
            for (const [id, lon, lat, technology] of rows) {
              afterId = id;
              if (keep && !keep(lon, lat, technology)) continue;
              if (n + 2 > out.length) {
                const grown = new Float64Array(out.length * 2);
                grown.set(out);
                out = grown;
              }
              out[n++] = lon;
              out[n++] = lat;
            }
            if (rows.length < STREAM_PAGE) break;
          }
        }
      }
      return out.slice(0, n);
    },
    /** The same rows, giving other requests their turn between pages. */
    async *stream(q: UncoveredQuery): AsyncGenerator<AddressRow> {
      let after: number | null = 0;
      while (after !== null) {
        const p = page(q, after, STREAM_PAGE);
        yield* p.rows;
        after = p.nextAfter;
        if (after !== null) await yieldToEventLoop();
      }
    },
  };
}
export type UncoveredStore = ReturnType<typeof createUncoveredStore>;

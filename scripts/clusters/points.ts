// Reads a release's addresses back from SQLite for clustering: the uncovered ones (below the top
// download class, through the partial index that exists for them) with what a cluster reports, and
// the rest as bare points with their class for the nearest-covered search.
import type Database from 'better-sqlite3';
import { DOWN_THRESHOLDS } from '../../common/constants.ts';

type DB = Database.Database;

/** Addresses below the top class: uncovered at some allowed threshold. */
export interface UncoveredPoints {
  rowid: number[];
  lon: Float64Array;
  lat: Float64Array;
  downClass: Uint8Array;
  areaCode: string[];
  technology: string[];
}

/** Addresses at or above the lowest class: covered at some allowed threshold. */
export interface CoveredPoints {
  lon: Float64Array;
  lat: Float64Array;
  downClass: Uint8Array;
}

/** A typed column that grows by doubling, so national point sets never pass through JS arrays. */
class Column<T extends Float64Array | Uint8Array> {
  private length = 0;
  constructor(private data: T, private readonly make: (n: number) => T) {}

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  values(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

const f64 = () => new Column(new Float64Array(1024), (n) => new Float64Array(n));
const u8 = () => new Column(new Uint8Array(1024), (n) => new Uint8Array(n));

// The class bound is a literal so SQLite can match the partial index `addresses_uncovered`.
const TOP_CLASS = DOWN_THRESHOLDS.length;

export function readUncovered(db: DB, releaseId: number): UncoveredPoints {
  const rows = db
    .prepare<[number], [number, number, number, number, string, string]>(
      `SELECT id, lon, lat, down_class, area_code, best_technology FROM addresses
        WHERE release_id = ? AND down_class < ${TOP_CLASS} ORDER BY id`,
    )
    .raw();
  const points = { rowid: [] as number[], lon: f64(), lat: f64(), downClass: u8(), areaCode: [] as string[], technology: [] as string[] };
  for (const [id, lon, lat, downClass, areaCode, technology] of rows.iterate(releaseId)) {
    points.rowid.push(id);
    points.lon.push(lon);
    points.lat.push(lat);
    points.downClass.push(downClass);
    points.areaCode.push(areaCode);
    points.technology.push(technology);
  }
  return { ...points, lon: points.lon.values(), lat: points.lat.values(), downClass: points.downClass.values() };
}

const COVERED_SQL = 'SELECT lon, lat, down_class FROM addresses WHERE release_id = @release AND down_class > 0';

function collectCovered(rows: IterableIterator<[number, number, number]>): CoveredPoints {
  const lon = f64();
  const lat = f64();
  const downClass = u8();
  for (const [x, y, k] of rows) {
    lon.push(x);
    lat.push(y);
    downClass.push(k);
  }
  return { lon: lon.values(), lat: lat.values(), downClass: downClass.values() };
}

/** Every address of the release covered at some threshold. */
export function readCovered(db: DB, releaseId: number): CoveredPoints {
  return collectCovered(db.prepare<{ release: number }, [number, number, number]>(COVERED_SQL).raw().iterate({ release: releaseId }));
}

// Cells of 1/inv degree (about the reach), keyed alike in SQL and here: the same double arithmetic
// on coordinates shifted to be positive, where CAST's truncation is Math.floor.
const KEY_SPAN = 100_000_007;
const cellKey = (row: number, col: number) => row * KEY_SPAN + col;
const METRES_PER_DEG_LAT = 111_195;
const MAX_ABS_LAT = 89.9;

/** Keys of the cells that can hold a point within radiusM of one of the points. */
function cellsNear(points: { lon: Float64Array; lat: Float64Array }, radiusM: number, inv: number): number[] {
  const occupied = new Map<number, [number, number]>();
  for (let i = 0; i < points.lon.length; i++) {
    const row = Math.trunc((points.lat[i] + 90) * inv);
    const col = Math.trunc((points.lon[i] + 180) * inv);
    occupied.set(cellKey(row, col), [row, col]);
  }
  // A little slack over the reach in degrees, so rounding never drops a cell at the edge.
  const dLat = (radiusM / METRES_PER_DEG_LAT) * (1 + 1e-6);
  const rowReach = Math.ceil(dLat * inv);
  const cells = new Set<number>();
  for (const [row, col] of occupied.values()) {
    // Longitude reach at the pole-side edge of the rows a neighbour can lie in.
    const poleLat = Math.min(Math.max(Math.abs(row / inv - 90), Math.abs((row + 1) / inv - 90)) + dLat, MAX_ABS_LAT);
    const colReach = Math.ceil((dLat / Math.cos((poleLat * Math.PI) / 180)) * inv);
    for (let r = row - rowReach; r <= row + rowReach; r++) {
      for (let c = col - colReach; c <= col + colReach; c++) cells.add(cellKey(r, c));
    }
  }
  return [...cells];
}

/**
 * The covered addresses within `radiusM` of any of the points (and some beyond): only those cross
 * from SQLite into JavaScript, as a national release holds a hundred times more covered addresses
 * than uncovered ones. SQLite still scans the release, but filters by cell in C.
 */
export function readCoveredNear(db: DB, releaseId: number, points: { lon: Float64Array; lat: Float64Array }, radiusM: number): CoveredPoints {
  const inv = Math.ceil(METRES_PER_DEG_LAT / radiusM);
  const rows = db
    .prepare<{ release: number; inv: number; span: number; cells: string }, [number, number, number]>(
      `${COVERED_SQL} AND CAST((lat + 90) * @inv AS INTEGER) * @span + CAST((lon + 180) * @inv AS INTEGER)
         IN (SELECT value FROM json_each(@cells))`,
    )
    .raw()
    .iterate({ release: releaseId, inv, span: KEY_SPAN, cells: JSON.stringify(cellsNear(points, radiusM, inv)) });
  return collectCovered(rows);
}

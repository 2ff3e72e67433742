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

export function readCovered(db: DB, releaseId: number): CoveredPoints {
  const rows = db
    .prepare<[number], [number, number, number]>('SELECT lon, lat, down_class FROM addresses WHERE release_id = ? AND down_class > 0')
    .raw();
  const lon = f64();
  const lat = f64();
  const downClass = u8();
  for (const [x, y, k] of rows.iterate(releaseId)) {
    lon.push(x);
    lat.push(y);
    downClass.push(k);
  }
  return { lon: lon.values(), lat: lat.values(), downClass: downClass.values() };
}

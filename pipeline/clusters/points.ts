// The addresses clustering works on: the uncovered ones (below the top download class, read through
// the partial index that exists for them) with what a cluster reports, and every address as a bare
// point with its class for the nearest-covered search (collected by the import, or read back).
import type Database from 'better-sqlite3';

type DB = Database.Database;

/** Addresses below the top class (or the goal's upload class): uncovered at some allowed threshold. */
export interface UncoveredPoints {
  rowid: number[];
  lon: Float64Array;
  lat: Float64Array;
  downClass: Uint8Array;
  upClass: Uint8Array;
  areaCode: string[];
  technology: string[];
}

/**
 * Every address of a release as a bare point with its download and upload class, for the
 * nearest-covered search. Float32 coordinates (rounded by at most 0.25 m at Dutch latitudes, under
 * 1 m anywhere) keep a national release at 10 bytes an address.
 */
export interface AddressPoints {
  lon: Float32Array;
  lat: Float32Array;
  downClass: Uint8Array;
  upClass: Uint8Array;
}

type Typed = Float32Array | Uint8Array;

/** A typed column that grows by half as positions are set, so national point sets never pass through JS arrays. */
class Column<T extends Typed> {
  private length = 0;
  constructor(
    private data: T,
    private readonly make: (n: number) => T,
  ) {}

  set(index: number, value: number): void {
    if (index >= this.data.length) {
      const bigger = this.make(Math.max(index + 1, Math.ceil(this.data.length * 1.5)));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[index] = value;
    this.length = Math.max(this.length, index + 1);
  }

  values(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

const INITIAL = 1024;
const f32 = () => new Column(new Float32Array(INITIAL), (n) => new Float32Array(n));
const u8 = () => new Column(new Uint8Array(INITIAL), (n) => new Uint8Array(n));

/** Collects address points by position (0, 1, …), each set again when its class changes. */
export class AddressPointsBuilder {
  private readonly lon = f32();
  private readonly lat = f32();
  private readonly downClass = u8();
  private readonly upClass = u8();

  set(index: number, lon: number, lat: number, downClass: number, upClass: number): void {
    this.lon.set(index, lon);
    this.lat.set(index, lat);
    this.downClass.set(index, downClass);
    this.upClass.set(index, upClass);
  }

  build(): AddressPoints {
    return { lon: this.lon.values(), lat: this.lat.values(), downClass: this.downClass.values(), upClass: this.upClass.values() };
  }
}

/**
 * The addresses uncovered at the lowest threshold that has any: below the top download class
 * (`topClass`, the number of download thresholds), or below `upClass` (the goal's upload class; 0
 * for none). In address id order, so that cluster numbering does not depend on the index SQLite
 * reads through.
 */
export function readUncovered(db: DB, releaseId: number, topClass: number, upClass = 0): UncoveredPoints {
  // Sorted here: SQLite's ORDER BY id over the index took longer than the whole read.
  const rows = db
    .prepare<{ release: number; top: number; up: number }, [number, number, number, number, string, string, number]>(
      // Two ranges: the first is what the partial index addresses_uncovered holds.
      `SELECT id, lon, lat, down_class, area_code, best_technology, up_class FROM address_rows
        WHERE release_id = @release AND down_class < ${topClass}
       UNION ALL
       SELECT id, lon, lat, down_class, area_code, best_technology, up_class FROM address_rows
        WHERE @up > 0 AND release_id = @release AND down_class = @top AND up_class < @up`,
    )
    .raw()
    .all({ release: releaseId, top: topClass, up: upClass })
    .sort((a, b) => a[0] - b[0]);
  return {
    rowid: rows.map((r) => r[0]),
    lon: Float64Array.from(rows, (r) => r[1]),
    lat: Float64Array.from(rows, (r) => r[2]),
    downClass: Uint8Array.from(rows, (r) => r[3]),
    upClass: Uint8Array.from(rows, (r) => r[6]),
    areaCode: rows.map((r) => r[4]),
    technology: rows.map((r) => r[5]),
  };
}

/** Every address of the release, in one plain scan: for callers that did not collect them while importing. */
export function readAddressPoints(db: DB, releaseId: number): AddressPoints {
  const rows = db
    .prepare<[number], [number, number, number, number]>('SELECT lon, lat, down_class, up_class FROM address_rows WHERE release_id = ?')
    .raw();
  const points = new AddressPointsBuilder();
  let i = 0;
  for (const [lon, lat, downClass, upClass] of rows.iterate(releaseId)) points.set(i++, lon, lat, downClass, upClass);
  return points.build();
}

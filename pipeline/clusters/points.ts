// The addresses clustering works on: the uncovered ones (below the top download class, read through
// the partial index that exists for them, or taken from what the import collected) with what a cluster
// reports, and every address as a bare point with its class for the nearest-covered search (collected
// by the import, or read back).
import type Database from 'better-sqlite3';
import { readDefinitions } from '../../common/definitions.ts';
import { uncoveredRowsSql } from '../../common/uncovered-index.ts';

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
 * nearest-covered search, which takes the coordinates as Float32 (rounded by at most 0.25 m at Dutch
 * latitudes, under 1 m anywhere; its index keeps them so, at 8 bytes a point). Where the import
 * collected them, also each address's area and best technology, so that the uncovered addresses need
 * not be read back (uncoveredOf).
 */
export interface AddressPoints {
  /** As stored (Float64), or already rounded to Float32: the search rounds them alike (Math.fround). */
  lon: Float32Array | Float64Array;
  lat: Float32Array | Float64Array;
  downClass: Uint8Array;
  upClass: Uint8Array;
}

/** Address points as the import collects them: point i is the address with row id firstRowid + i. */
export interface CollectedPoints extends AddressPoints {
  lon: Float64Array;
  lat: Float64Array;
  /** Index into the import's area codes. */
  area: Int32Array;
  /** Index into `technologies`. */
  technology: Uint8Array;
  technologies: string[];
}

type Typed = Float32Array | Float64Array | Int32Array | Uint8Array;

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
const f64 = () => new Column(new Float64Array(INITIAL), (n) => new Float64Array(n));
const i32 = () => new Column(new Int32Array(INITIAL), (n) => new Int32Array(n));
const u8 = () => new Column(new Uint8Array(INITIAL), (n) => new Uint8Array(n));

/**
 * Collects address points by position (0, 1, …), each set again when its class changes. Bare points
 * (10 bytes an address) by default; `collect` also keeps the coordinates as given, the area and the
 * best technology (23 bytes), from which the clusters are built without reading the rows back (collected()).
 */
export class AddressPointsBuilder {
  private readonly lon: Column<Float32Array> | Column<Float64Array>;
  private readonly lat: Column<Float32Array> | Column<Float64Array>;
  private readonly downClass = u8();
  private readonly upClass = u8();
  private readonly area: Column<Int32Array> | null;
  private readonly technology: Column<Uint8Array> | null;
  private readonly technologies: string[] = [];
  private readonly technologyIndex = new Map<string, number>();

  constructor(collect = false) {
    this.lon = collect ? f64() : f32();
    this.lat = collect ? f64() : f32();
    this.area = collect ? i32() : null;
    this.technology = collect ? u8() : null;
  }

  /** `area` (the address's area index) and `technology` (its best) are kept only when collecting. */
  set(index: number, lon: number, lat: number, downClass: number, upClass: number, area = 0, technology = ''): void {
    this.lon.set(index, lon);
    this.lat.set(index, lat);
    this.downClass.set(index, downClass);
    this.upClass.set(index, upClass);
    if (this.area === null || this.technology === null) return;
    this.area.set(index, area);
    let t = this.technologyIndex.get(technology);
    if (t === undefined) {
      t = this.technologies.push(technology) - 1;
      this.technologyIndex.set(technology, t);
    }
    this.technology.set(index, t);
  }

  /** The bare points. */
  build(): AddressPoints {
    return { lon: this.lon.values(), lat: this.lat.values(), downClass: this.downClass.values(), upClass: this.upClass.values() };
  }

  /** Everything collected (a builder made with `collect`). */
  collected(): CollectedPoints {
    if (this.area === null || this.technology === null) throw new Error('AddressPointsBuilder: made without collect');
    return {
      ...this.build(),
      lon: this.lon.values() as Float64Array,
      lat: this.lat.values() as Float64Array,
      area: this.area.values(),
      technology: this.technology.values(),
      technologies: this.technologies,
    };
  }
}

/** Whether an address of these classes is uncovered at the lowest threshold that has any (see readUncovered). */
function isUncovered(downClass: number, upClass: number, topClass: number, goalUpClass: number): boolean {
  return downClass < topClass || (goalUpClass > 0 && upClass < goalUpClass);
}

/** How many of the points are uncovered at some allowed threshold (as uncoveredOf and readUncovered count them). */
export function uncoveredCount(points: AddressPoints, topClass: number, upClass = 0): number {
  let n = 0;
  for (let i = 0; i < points.downClass.length; i++) if (isUncovered(points.downClass[i], points.upClass[i], topClass, upClass)) n++;
  return n;
}

/**
 * What readUncovered would read back from the rows the points were collected from: those uncovered at
 * some allowed threshold, in row id order. `areaCodes` names the points' area indexes.
 */
export function uncoveredOf(
  points: CollectedPoints,
  firstRowid: number,
  areaCodes: readonly string[],
  topClass: number,
  upClass = 0,
): UncoveredPoints {
  const keep: number[] = [];
  for (let i = 0; i < points.lon.length; i++) if (isUncovered(points.downClass[i], points.upClass[i], topClass, upClass)) keep.push(i);
  return {
    rowid: keep.map((i) => firstRowid + i),
    lon: Float64Array.from(keep, (i) => points.lon[i]),
    lat: Float64Array.from(keep, (i) => points.lat[i]),
    downClass: Uint8Array.from(keep, (i) => points.downClass[i]),
    upClass: Uint8Array.from(keep, (i) => points.upClass[i]),
    areaCode: keep.map((i) => areaCodes[points.area[i]]),
    technology: keep.map((i) => points.technologies[points.technology[i]]),
  };
}

/**
 * The addresses uncovered at the lowest threshold that has any: below the top download class
 * (`topClass`, the number of download thresholds), or below `upClass` (the goal's upload class; 0
 * for none). In address id order, so that cluster numbering does not depend on the index SQLite
 * reads through.
 */
export function readUncovered(db: DB, releaseId: number, topClass: number, upClass = 0): UncoveredPoints {
  // Both ranges are rows of the partial index addresses_uncovered (common/uncovered-index.ts).
  const inIndex = uncoveredRowsSql(0, readDefinitions(db));
  // Sorted here: SQLite's ORDER BY id over the index took longer than the whole read.
  const rows = db
    .prepare<{ release: number; top: number; up: number }, [number, number, number, number, string, string, number]>(
      `SELECT id, lon, lat, down_class, area_code, best_technology, up_class FROM address_rows
        WHERE release_id = @release AND down_class < ${topClass} AND ${inIndex}
       UNION ALL
       SELECT id, lon, lat, down_class, area_code, best_technology, up_class FROM address_rows
        WHERE @up > 0 AND release_id = @release AND down_class = @top AND up_class < @up AND ${inIndex}`,
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

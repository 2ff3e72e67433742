// The addresses clustering works on: the uncovered ones (below the top download class, read through
// the partial index that exists for them, or taken from what the import collected) with what a cluster
// reports, and every address as a bare point with its class for the nearest-covered search (collected
// by the import, or read back).
import type Database from 'better-sqlite3';
import { type ClassCounts, uncoveredRowsSql } from '../../common/uncovered-index.ts';

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

const INITIAL = 1024;

/** `a` grown to hold `n` values (by half at least), its values kept. */
function grown<T extends Float32Array | Float64Array | Int32Array | Uint8Array>(a: T, n: number, make: (n: number) => T): T {
  const bigger = make(Math.max(n, Math.ceil(a.length * 1.5)));
  bigger.set(a);
  return bigger;
}

/**
 * Collects address points by position (0, 1, …), each set again when its class changes. Bare points
 * (10 bytes an address) by default; `collect` also keeps the coordinates as given, the area and the
 * best technology (23 bytes), from which the clusters are built without reading the rows back (collected()).
 * Each column is one typed array of one kind, grown together: a national import sets 4 M points.
 */
export class AddressPointsBuilder {
  private length = 0;
  private lon: Float32Array | Float64Array;
  private lat: Float32Array | Float64Array;
  private downClass: Uint8Array;
  private upClass: Uint8Array;
  private area: Int32Array;
  private technology: Uint8Array;
  private readonly technologies: string[] = [];
  private readonly technologyIndex = new Map<string, number>();
  /** The technology of the last point set and its index: neighbours mostly share it. */
  private lastTechnology: string | null = null;
  private lastIndex = 0;

  /** `capacity`: the points expected, where known (growing to millions copies every column a few times over). */
  constructor(
    private readonly collect = false,
    capacity = INITIAL,
  ) {
    this.lon = collect ? new Float64Array(capacity) : new Float32Array(capacity);
    this.lat = collect ? new Float64Array(capacity) : new Float32Array(capacity);
    this.downClass = new Uint8Array(capacity);
    this.upClass = new Uint8Array(capacity);
    this.area = new Int32Array(collect ? capacity : 0);
    this.technology = new Uint8Array(collect ? capacity : 0);
  }

  /** `area` (the address's area index) and `technology` (its best) are kept only when collecting. */
  set(index: number, lon: number, lat: number, downClass: number, upClass: number, area = 0, technology = ''): void {
    if (index >= this.downClass.length) this.grow(index + 1);
    this.lon[index] = lon;
    this.lat[index] = lat;
    this.downClass[index] = downClass;
    this.upClass[index] = upClass;
    if (index >= this.length) this.length = index + 1;
    if (!this.collect) return;
    this.area[index] = area;
    if (technology !== this.lastTechnology) {
      let t = this.technologyIndex.get(technology);
      if (t === undefined) {
        t = this.technologies.push(technology) - 1;
        this.technologyIndex.set(technology, t);
      }
      this.lastTechnology = technology;
      this.lastIndex = t;
    }
    this.technology[index] = this.lastIndex;
  }

  private grow(n: number): void {
    const f64 = (k: number) => new Float64Array(k);
    const f32 = (k: number) => new Float32Array(k);
    const u8 = (k: number) => new Uint8Array(k);
    this.lon = this.lon instanceof Float64Array ? grown(this.lon, n, f64) : grown(this.lon, n, f32);
    this.lat = this.lat instanceof Float64Array ? grown(this.lat, n, f64) : grown(this.lat, n, f32);
    this.downClass = grown(this.downClass, n, u8);
    this.upClass = grown(this.upClass, n, u8);
    if (this.collect) {
      this.area = grown(this.area, n, (k) => new Int32Array(k));
      this.technology = grown(this.technology, n, u8);
    }
  }

  /** The bare points. */
  build(): AddressPoints {
    const n = this.length;
    return {
      lon: this.lon.subarray(0, n),
      lat: this.lat.subarray(0, n),
      downClass: this.downClass.subarray(0, n),
      upClass: this.upClass.subarray(0, n),
    };
  }

  /** Everything collected (a builder made with `collect`). */
  collected(): CollectedPoints {
    if (!this.collect) throw new Error('AddressPointsBuilder: made without collect');
    return {
      ...this.build(),
      lon: this.lon.subarray(0, this.length) as Float64Array,
      lat: this.lat.subarray(0, this.length) as Float64Array,
      area: this.area.subarray(0, this.length),
      technology: this.technology.subarray(0, this.length),
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
  const n = keep.length;
  const rowid = new Array<number>(n);
  const areaCode = new Array<string>(n);
  const technology = new Array<string>(n);
  for (let k = 0; k < n; k++) {
    const i = keep[k];
    rowid[k] = firstRowid + i;
    areaCode[k] = areaCodes[points.area[i]];
    technology[k] = points.technologies[points.technology[i]];
  }
  return {
    rowid,
    lon: picked(points.lon, keep, new Float64Array(n)),
    lat: picked(points.lat, keep, new Float64Array(n)),
    downClass: picked(points.downClass, keep, new Uint8Array(n)),
    upClass: picked(points.upClass, keep, new Uint8Array(n)),
    areaCode,
    technology,
  };
}

/**
 * `out` filled with `values` at the positions `keep` (a loop: TypedArray.from with a mapping function
 * took 3.7 s of a BDC cluster build for six columns of 2.2 M points).
 */
export function picked<T extends { [k: number]: V; length: number }, V>(values: ArrayLike<V>, keep: readonly number[], out: T): T {
  for (let k = 0; k < keep.length; k++) out[k] = values[keep[k]];
  return out;
}

/**
 * The addresses uncovered at the lowest threshold that has any: below the top download class (one per
 * download threshold of `definitions`), or below `upClass` (the goal's upload class; 0
 * for none). In address id order, so that cluster numbering does not depend on the index SQLite
 * reads through.
 */
export function readUncovered(db: DB, releaseId: number, definitions: ClassCounts, upClass = 0): UncoveredPoints {
  const topClass = definitions.down.length;
  // Both ranges are rows of the partial index addresses_uncovered (common/uncovered-index.ts).
  const inIndex = uncoveredRowsSql(0, definitions);
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

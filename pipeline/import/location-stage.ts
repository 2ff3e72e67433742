// FCC BDC rows set aside in temporary files until every file is read, partitioned by location id.
// A BDC location comes back in the file of each of its technologies; instead of writing it and
// reading it back for every later file, all its rows are gathered first and the location is
// assembled once. One partition at a time is read back and grouped in memory, so memory is bounded
// by a partition, not by the input. The files are binary columns (a few typed arrays and the ids
// per chunk) in the system's temp directory, unlinked as soon as they are opened where the system
// allows it (elsewhere removed when closed), so a failure or a kill leaves nothing behind.
// Each reader writes a stage of its own (StageWriter, in its thread), opened and closed by the
// importing thread (LocationStage); partition p of every stage is read back as one.
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashNumber } from '../../common/number-hash.ts';
import type { PackedOffer } from './row-batch.ts';

/** Input bytes per partition: about 650 k BDC rows (~100 bytes each) grouped in memory at once. */
const PARTITION_BYTES = 64 << 20;
const MAX_PARTITIONS = 256;
/** Rows a partition buffers before writing them out. */
const CHUNK_ROWS = 4096;
/** A row's file and line as one number: file * LINE_SPAN + line. */
const LINE_SPAN = 2 ** 32;
/** Number columns per row (source, lon, lat, cell, down, up) and integer columns (area, provider, kind). */
const F = 6;
const I = 3;
/** The integer column of the provider's index. */
const PROVIDER = 1;
/** Between the ids of a chunk: rows holding a NUL are rejected before they get here (suspect-text.ts). */
const ID_SEPARATOR = '\0';
const SEPARATOR_BYTE = 0;

/**
 * One partition's rows, column by column, with each location's rows chained in the order they were
 * read (`next`). A cursor: `at(r)` moves to row r, and the getters read it.
 */
export class StagedRows {
  /** The location's id (every row of a chain has it). */
  addressId = '';
  private r = 0;

  constructor(
    private readonly source: Float64Array,
    private readonly lons: Float64Array,
    private readonly lats: Float64Array,
    private readonly areas: Int32Array,
    private readonly cells: Float64Array,
    private readonly providers: Int32Array,
    private readonly kinds: Int32Array,
    private readonly downs: Float64Array,
    private readonly ups: Float64Array,
    /** The next row of the same location, or -1. */
    readonly next: Int32Array,
  ) {}

  at(r: number): this {
    this.r = r;
    return this;
  }

  /**
   * The rows of the location whose first row is `first`, in input order: earlier files, and earlier
   * lines of a file, first. Two readers sharing the files may have added them in another order.
   */
  inInputOrder(first: number): number[] {
    const chain: number[] = [];
    let sorted = true;
    for (let r = first; r >= 0; r = this.next[r]) {
      if (chain.length > 0 && this.source[r] < this.source[chain[chain.length - 1]]) sorted = false;
      chain.push(r);
    }
    return sorted ? chain : chain.sort((a, b) => this.source[a] - this.source[b]);
  }

  /** Index of the file in the import's file list. */
  get file(): number {
    return Math.floor(this.source[this.r] / LINE_SPAN);
  }

  /** Line of the file where the row starts. */
  get line(): number {
    return this.source[this.r] % LINE_SPAN;
  }

  get lon(): number {
    return this.lons[this.r];
  }

  get lat(): number {
    return this.lats[this.r];
  }

  /** As RowBatch.area: a leaf area index, or AREA_NOT_LOCATED. */
  get area(): number {
    return this.areas[this.r];
  }

  /** The row named its area by code (a county the boundaries have). */
  get hasMunicipalityCode(): boolean {
    return (this.kinds[this.r] & HAS_CODE) !== 0;
  }

  /** The finest H3 cell key, or NaN when the reader did not compute it. */
  get cell(): number {
    return this.cells[this.r];
  }

  get packedOffer(): PackedOffer {
    return { provider: this.provider, technology: this.technology, down: this.down, up: this.up, flags: this.flags };
  }

  /** The offer's fields one by one, as packedOffer has them (without an object a row). */
  get provider(): number {
    return this.providers[this.r];
  }

  get technology(): number {
    return this.kinds[this.r] & 0xff;
  }

  get down(): number {
    return this.downs[this.r];
  }

  get up(): number {
    return this.ups[this.r];
  }

  get flags(): number {
    return (this.kinds[this.r] >> 8) & 0xff;
  }
}

/** kind's bit for a row whose area came from a code. */
const HAS_CODE = 1 << 16;

/** An accepted row as a reader stages it (its provider numbered by that reader). */
export interface StageInput {
  readonly addressId: string;
  readonly line: number;
  readonly lon: number;
  readonly lat: number;
  readonly area: number;
  readonly hasMunicipalityCode: boolean;
  readonly cell: number;
  readonly packedOffer: PackedOffer;
}

/** Digits at most in an id read as a number: below 2^53, so every such number is exact. */
const MAX_NUMERIC_ID_DIGITS = 15;

/**
 * The id as a number when it is written as one plainly (digits without a leading zero: every FCC
 * location_id), else -1. Two such ids are the same text exactly when they are the same number.
 */
export function numericId(id: string): number {
  return numericIdIn(id, 0, id.length);
}

/** numericId of the id text[start, end), without cutting it out. */
export function numericIdIn(text: string, start: number, end: number): number {
  const n = end - start;
  if (n === 0 || n > MAX_NUMERIC_ID_DIGITS || (n > 1 && text.charCodeAt(start) === 48)) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Each location's first row, by its id: ids that are plain numbers in an open-addressing table of
 * typed arrays, others in a Map. A Map of the ids' text took 4.8 s of a 10 M-row BDC import, hashing
 * every row's fresh string.
 */
export class FirstRows {
  private readonly keys: Float64Array;
  private readonly rows: Int32Array;
  private readonly mask: number;
  private readonly others = new Map<string, number>();
  private held = 0;

  /** `capacity`: at least the number of distinct ids to come. */
  constructor(private readonly capacity: number) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, 2 * capacity)));
    this.keys = new Float64Array(size).fill(-1);
    this.rows = new Int32Array(size);
    this.mask = size - 1;
  }

  /** The first row of the id, or -1 when it has none yet: then `row` becomes it. */
  firstOrAdd(id: string, row: number): number {
    return this.firstOrAddIn(id, 0, id.length, row);
  }

  /** firstOrAdd of the id text[start, end): a plain number is looked up without cutting it out. */
  firstOrAddIn(text: string, start: number, end: number, row: number): number {
    const key = numericIdIn(text, start, end);
    if (key < 0) {
      const id = text.slice(start, end);
      const first = this.others.get(id);
      if (first !== undefined) return first;
      this.hold();
      this.others.set(id, row);
      return -1;
    }
    const { keys, mask } = this;
    let h = hashNumber(key) & mask;
    for (;;) {
      const k = keys[h];
      if (k === key) return this.rows[h];
      if (k === -1) {
        this.hold();
        keys[h] = key;
        this.rows[h] = row;
        return -1;
      }
      h = (h + 1) & mask;
    }
  }

  /** Counts a new id: over capacity the table could fill up, and a search for a new id would never end. */
  private hold(): void {
    if (++this.held > this.capacity) throw new Error(`FirstRows: more than ${this.capacity} ids`);
  }
}

/** FNV-1a over the id's characters: spreads ids (digits or not) over the partitions. */
function partitionOf(id: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % partitions;
}

/** One partition's file as its writer sees it: rows buffered column by column and written a chunk at a time. */
class Spill {
  rows = 0;
  private written = 0;
  /** Rows buffered. */
  private count = 0;
  private readonly numbers = new Float64Array(F * CHUNK_ROWS);
  private readonly integers = new Int32Array(I * CHUNK_ROWS);
  /**
   * The buffered rows' ids as UTF-8, separated by ID_SEPARATOR: bytes, not strings held until the
   * flush, which the garbage collector would copy from one young generation to the next.
   */
  private ids = Buffer.allocUnsafe(CHUNK_ROWS * 16);
  private idBytes = 0;

  constructor(
    private readonly fd: number,
    readonly path: string,
  ) {}

  add(id: string, numbers: readonly number[], integers: readonly number[]): void {
    const k = this.count;
    for (let c = 0; c < F; c++) this.numbers[c * CHUNK_ROWS + k] = numbers[c];
    for (let c = 0; c < I; c++) this.integers[c * CHUNK_ROWS + k] = integers[c];
    this.addId(id, k > 0);
    this.count++;
    this.rows++;
    if (this.count === CHUNK_ROWS) this.flush();
  }

  /** Writes the buffered rows: their count and ids' length, then each column, then the ids. */
  flush(): void {
    const n = this.count;
    if (n === 0) return;
    this.write(new Int32Array([n, this.idBytes]));
    for (let c = 0; c < F; c++) this.write(this.numbers.subarray(c * CHUNK_ROWS, c * CHUNK_ROWS + n));
    for (let c = 0; c < I; c++) this.write(this.integers.subarray(c * CHUNK_ROWS, c * CHUNK_ROWS + n));
    this.write(this.ids.subarray(0, this.idBytes));
    this.count = 0;
    this.idBytes = 0;
  }

  /** Appends an id's UTF-8 bytes, after a separator unless it is the chunk's first. */
  private addId(id: string, separated: boolean): void {
    const most = this.idBytes + 1 + 3 * id.length; // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (most > this.ids.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.ids.length, most));
      this.ids.copy(grown, 0, 0, this.idBytes);
      this.ids = grown;
    }
    const ids = this.ids;
    let at = this.idBytes;
    if (separated) ids[at++] = SEPARATOR_BYTE;
    const start = at;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (c >= 0x80) {
        at = start + ids.write(id, start, 'utf8');
        break;
      }
      ids[at++] = c;
    }
    this.idBytes = at;
  }

  /** The file as written so far, all rows flushed, to read back (readStaged): from this thread or another. */
  staged(): StagedPartition {
    this.flush();
    return { fd: this.fd, path: this.path, bytes: this.written, rows: this.rows };
  }

  private write(view: ArrayBufferView): void {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
    this.written += bytes.length;
  }
}

/**
 * A partition's file of staged rows, as a reader in any thread of this process finds it: its open
 * descriptor (the file may be unlinked already) and how much it holds. Its stage closes it (drop).
 */
export interface StagedPartition {
  fd: number;
  path: string;
  bytes: number;
  rows: number;
  /** The shared provider index of each of its writer's own (a reader numbers the providers it meets itself); none: the same. */
  providers?: readonly number[];
}

/** Reads `bytes` at `position` of the file into `view`. */
function readAt(part: StagedPartition, view: ArrayBufferView, position: number): number {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let done = 0;
  while (done < bytes.length) {
    const n = readSync(part.fd, bytes, done, bytes.length - done, position + done);
    if (n === 0) throw new Error(`staged rows cut short in ${part.path}`);
    done += n;
  }
  return bytes.length;
}

/**
 * Reads a partition's rows back in the order they were added: `numbers[c]` and `integers[c]` get
 * column c, and `each` the id of each row as text[start, end) (the ids of a chunk are one string,
 * cut into one per row only where the caller needs it).
 */
function readStaged(
  part: StagedPartition,
  numbers: Float64Array[],
  integers: Int32Array[],
  firstRow: number,
  each: (text: string, start: number, end: number, row: number) => void,
): void {
  let at = 0;
  let row = firstRow;
  const header = new Int32Array(2);
  const separator = ID_SEPARATOR.charCodeAt(0);
  while (at < part.bytes) {
    at += readAt(part, header, at);
    const [n, idBytes] = header;
    for (let c = 0; c < F; c++) at += readAt(part, numbers[c].subarray(row, row + n), at);
    for (let c = 0; c < I; c++) at += readAt(part, integers[c].subarray(row, row + n), at);
    const { providers } = part;
    if (providers) {
      const column = integers[PROVIDER];
      for (let r = row; r < row + n; r++) if (column[r] >= 0) column[r] = providers[column[r]];
    }
    const ids = Buffer.allocUnsafe(idBytes);
    at += readAt(part, ids, at);
    const text = ids.toString('utf8');
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i < text.length && text.charCodeAt(i) !== separator) continue;
      each(text, start, i, row++);
      start = i + 1;
    }
  }
}

/**
 * One partition's locations, read back from its files (one per writer) and grouped in memory: the
 * k-th location in input order is visit(k): in the input order of each location's earliest row
 * (file, then line), however the readers wrote the rows. Visiting them one at a time lets an
 * assembly hand over its first locations before it has assembled the whole partition.
 */
export class PartitionLocations {
  /** How many locations the partition holds. */
  readonly count: number;
  private readonly staged: StagedRows;
  private readonly ids: string[] = [];
  private readonly firsts: Int32Array;
  private readonly order: Int32Array;

  constructor(files: readonly StagedPartition[]) {
    const n = files.reduce((sum, part) => sum + part.rows, 0);
    const numbers = Array.from({ length: F }, () => new Float64Array(n));
    const integers = Array.from({ length: I }, () => new Int32Array(n));
    const next = new Int32Array(n).fill(-1);
    /** The locations in the order they were first seen: their first rows and ids; last[f] is the last row of the chain that starts at f. */
    const firsts = new Int32Array(n);
    const ids = this.ids;
    const last = new Int32Array(n);
    const firstRows = new FirstRows(n);
    const add = (text: string, start: number, end: number, r: number) => {
      const f = firstRows.firstOrAddIn(text, start, end, r);
      if (f < 0) {
        firsts[ids.length] = r;
        ids.push(text.slice(start, end));
        last[r] = r;
      } else {
        next[last[f]] = r;
        last[f] = r;
      }
    };
    let row = 0;
    for (const part of files) {
      readStaged(part, numbers, integers, row, add);
      row += part.rows;
    }
    const [source, lons, lats, cells, downs, ups] = numbers;
    const [areas, providers, kinds] = integers;
    this.staged = new StagedRows(source, lons, lats, areas, cells, providers, kinds, downs, ups, next);
    // In the input order of each location's earliest row, not in the order the rows arrived: two readers
    // sharing the files hand them over in an order that depends on thread timing, and the order decides
    // the addresses' ids (and so the clusters and tiles).
    const earliest = new Float64Array(ids.length);
    for (let l = 0; l < ids.length; l++) {
      const f = firsts[l];
      let min = source[f];
      for (let r = next[f]; r >= 0; r = next[r]) if (source[r] < min) min = source[r];
      earliest[l] = min;
    }
    const order = new Int32Array(ids.length);
    for (let l = 0; l < ids.length; l++) order[l] = l;
    order.sort((a, b) => earliest[a] - earliest[b]);
    this.count = ids.length;
    this.firsts = firsts;
    this.order = order;
  }

  /** Calls `each` for the k-th location in input order with its first row (follow StagedRows.next for the others). */
  visit(k: number, each: (rows: StagedRows, first: number) => void): void {
    const l = this.order[k];
    this.staged.addressId = this.ids[l];
    each(this.staged, this.firsts[l]);
  }
}

/**
 * Calls `each` for every location of the partitions with its first row (follow StagedRows.next for
 * the others), in input order: one partition after the other, each in PartitionLocations' order.
 * A partition is the files of the same partition number of every writer (one per reader).
 * `partitionDone` is called after each partition's locations.
 */
export function forEachStagedLocation(
  partitions: readonly (readonly StagedPartition[])[],
  each: (rows: StagedRows, first: number) => void,
  partitionDone: () => void = () => {},
): void {
  for (const files of partitions) {
    const locations = new PartitionLocations(files);
    for (let k = 0; k < locations.count; k++) locations.visit(k, each);
    partitionDone();
  }
}

/** A stage's files as a writer in any thread of this process takes them (LocationStage.target). */
export interface StageTarget {
  fds: number[];
  paths: string[];
}

/**
 * The files of a stage, one per partition: opened here, written by one StageWriter (in this thread
 * or a reader's worker: descriptors are the process's), read back through staged(), closed by drop().
 */
export class LocationStage {
  readonly partitions: number;
  private readonly fds: number[] = [];
  /** Paths still linked, to remove on drop (where the system did not allow unlinking an open file). */
  private readonly linked: string[] = [];
  readonly paths: string[] = [];

  /** `bytesTotal`: the input's size, which sets the number of partitions (one per `partitionBytes`). */
  constructor(bytesTotal: number, partitionBytes = PARTITION_BYTES) {
    this.partitions = partitionsFor(bytesTotal, partitionBytes);
    const name = `atlas-bdc-${process.pid}-${randomUUID()}`;
    try {
      for (let p = 0; p < this.partitions; p++) {
        const path = join(tmpdir(), `${name}-${p}`);
        this.fds.push(openSync(path, 'w+'));
        this.paths.push(path);
        try {
          unlinkSync(path);
        } catch {
          this.linked.push(path); // removed on drop
        }
      }
    } catch (err) {
      this.drop();
      throw err;
    }
  }

  /** The files, for a StageWriter. */
  target(): StageTarget {
    return { fds: [...this.fds], paths: [...this.paths] };
  }

  /** Closes and removes what is left of the files (again: nothing). */
  drop(): void {
    for (const fd of this.fds) closeSync(fd);
    this.fds.length = 0;
    for (const path of this.linked) rmSync(path, { force: true });
    this.linked.length = 0;
  }
}

/** Partitions for an input of `bytesTotal` bytes: the same for every stage of an import, so their files pair up. */
function partitionsFor(bytesTotal: number, partitionBytes: number): number {
  return Math.min(MAX_PARTITIONS, Math.max(1, Math.ceil(bytesTotal / partitionBytes)));
}

/** Writes rows into a stage's files, each into its location's partition. */
export class StageWriter {
  private readonly spills: Spill[];
  private readonly numbers = new Array<number>(F);
  private readonly integers = new Array<number>(I);

  constructor(target: StageTarget) {
    this.spills = target.fds.map((fd, p) => new Spill(fd, target.paths[p]));
  }

  /** Sets aside an accepted row of file `file` (its index in the import's file list). */
  add(row: StageInput, file: number): void {
    const id = row.addressId;
    const offer = row.packedOffer;
    const numbers = this.numbers;
    numbers[0] = file * LINE_SPAN + row.line;
    numbers[1] = row.lon;
    numbers[2] = row.lat;
    numbers[3] = row.cell;
    numbers[4] = offer.down;
    numbers[5] = offer.up;
    const integers = this.integers;
    integers[0] = row.area;
    integers[PROVIDER] = offer.provider;
    integers[2] = offer.technology | (offer.flags << 8) | (row.hasMunicipalityCode ? HAS_CODE : 0);
    this.spills[partitionOf(id, this.spills.length)].add(id, numbers, integers);
  }

  /** Every partition's file with every row written, to read back (forEachStagedLocation) in any thread. */
  staged(): StagedPartition[] {
    return this.spills.map((spill) => spill.staged());
  }
}

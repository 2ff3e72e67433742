// Checked rows in bulk: a few typed arrays and one string of raw records per batch instead of an
// object per row, so that a batch crosses from the reading thread to the storing one cheaply, and
// the storing thread slices out only the fields it needs.
import { TECHNOLOGIES } from '../../common/constants.ts';
import type { BusinessResidential, Offer } from '../../common/types.ts';
import type { AddressFields } from './address.ts';
import type { BdcRecord } from './bdc.ts';
import type { Column } from './columns.ts';
import type { StagedPartition } from './location-stage.ts';
import type { ConnectionRow, RowProblem } from './parse-row.ts';

// Slots of a row's text fields (T per row) and numbers (N per row).
const [ADDRESS_ID, POSTCODE, HOUSE_LETTER, SUFFIX, STREET, CITY, MUNICIPALITY_CODE, T] = [0, 1, 2, 3, 4, 5, 6, 7];
const [LON, LAT, HOUSE_NUMBER, DOWN, UP, CELL, N] = [0, 1, 2, 3, 4, 5, 6];

/** Area of a row as the reader found it: an index into the leaf areas, or one of these (NONE is AreaLocator's -1). */
export const AREA_NONE = -1;
export const AREA_UNKNOWN_CODE = -2;
export const AREA_NOT_LOCATED = -3;

/** Bits of a row's `flags`: the offer states low latency and business/residential (FCC BDC). */
const FLAG_STATED = 1;
const FLAG_LOW_LATENCY = 2;
const BUSINESS_RESIDENTIAL: readonly BusinessResidential[] = ['R', 'B', 'X'];
/** business_residential is (flags >> BR_SHIFT) - 1, an index into BUSINESS_RESIDENTIAL. */
const BR_SHIFT = 2;

/** What an offer's source states beyond speed and technology, packed in one byte. */
function flagsOf(offer: Offer | null): number {
  if (!offer || offer.business_residential === undefined) return 0;
  return packFlags(offer.low_latency === true, offer.business_residential);
}

/** The flags of an offer that states low latency and business/residential. */
function packFlags(lowLatency: boolean, businessResidential: BusinessResidential): number {
  return FLAG_STATED | (lowLatency ? FLAG_LOW_LATENCY : 0) | ((BUSINESS_RESIDENTIAL.indexOf(businessResidential) + 1) << BR_SHIFT);
}

/**
 * Raw text per batch stays under this many characters: V8 puts strings above ~128 KiB in its
 * large-object space, where each new one costs fresh pages (measured 10-70x slower per byte here).
 */
const RAW_CHARS = 64 << 10;

/** Rows of one file, in file order. A file gives at least one batch, so its header is always seen. */
export interface RowBatch {
  /** Index of the file in the import's file list. */
  file: number;
  /** Bytes of that file read so far. */
  bytesRead: number;
  /** Lines of that file read so far (header and blank lines included). */
  linesRead: number;
  rows: number;
  /** Unknown header columns, on a file's first batch. */
  unknownColumns: string[];
  /** Provider names first seen in this batch; they extend the provider table in order. */
  newProviders: string[];
  /** Line in the file where each row starts. */
  line: Int32Array;
  /** Each record as it stood in the file, concatenated; rawEnd[i] ends row i. */
  raw: string;
  rawEnd: Int32Array;
  /** Rows the reader rejected (their other slots mean nothing); the other rows are accepted so far. */
  problems: ({ row: number } & RowProblem)[];
  /**
   * Text field k of row i is raw[textStart[i * T + k], textEnd[i * T + k]) ('' is absent), or, when
   * the checked value is not verbatim in the record (quoted, or a normalised postcode),
   * extras[-1 - textStart[...]].
   */
  textStart: Int32Array;
  textEnd: Int32Array;
  extras: string[];
  num: Float64Array;
  /** 0 for a row without an offer, else 1 + the index in TECHNOLOGIES. */
  technology: Uint8Array;
  /** Index in the provider table, or -1. */
  provider: Int32Array;
  /** Leaf area: from municipality_code, else by location (only where a new address may start). */
  area: Int32Array;
  /** Per row: what the offer's source states beyond speed (see flagsOf); 0 for connection CSVs. */
  flags: Uint8Array;
  /** 'fcc-bdc' when the file is an FCC BDC fixed availability file, else 'connections'. */
  format: 'connections' | 'fcc-bdc';
  /** Which reader read the batch when two share the files (row-source.ts); its provider indexes are that reader's. */
  source?: number;
  /** Rows read and left out on purpose (--residential-only), not in `rows`. */
  skipped: number;
  /** Accepted rows the reader set aside itself (FCC BDC: location-stage.ts), not in `rows`. */
  staged: number;
  /** On a reader's last batch, when it staged rows: its stage's files as written. */
  stagedFiles?: StagedPartition[];
  /** Area codes (an FCC block's county) not among the loaded areas, with their rows in this batch. */
  unknownAreaCodes: [string, number][];
}

/** An offer as a batch packs it: provider index (-1: none), 1 + technology index (0: no offer), speeds, flags. */
export interface PackedOffer {
  provider: number;
  technology: number;
  down: number;
  up: number;
  flags: number;
}

/** The offer of packed parts (see PackedOffer), with the provider's name; null for technology 0 (no offer). */
export function offerOf(provider: string | null, technology: number, down: number, up: number, flags: number): Offer | null {
  if (technology === 0) return null;
  const offer: Offer = { provider, technology: TECHNOLOGIES[technology - 1], down, up };
  if (flags & FLAG_STATED) {
    offer.low_latency = (flags & FLAG_LOW_LATENCY) !== 0;
    offer.business_residential = BUSINESS_RESIDENTIAL[(flags >> BR_SHIFT) - 1];
  }
  return offer;
}

/** The typed arrays of a batch, to transfer rather than copy between threads. */
export function transferables(batch: RowBatch): ArrayBuffer[] {
  return [
    batch.line,
    batch.rawEnd,
    batch.textStart,
    batch.textEnd,
    batch.num,
    batch.technology,
    batch.provider,
    batch.area,
    batch.flags,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** The record's column index of each text field (-1 when the file lacks it). */
export function textColumns(index: Record<Column, number>): number[] {
  const columns = [];
  columns[ADDRESS_ID] = index.address_id;
  columns[POSTCODE] = index.postcode;
  columns[HOUSE_LETTER] = index.house_letter;
  columns[SUFFIX] = index.house_number_suffix;
  columns[STREET] = index.street;
  columns[CITY] = index.city;
  columns[MUNICIPALITY_CODE] = index.municipality_code;
  return columns;
}

/** Packs rows as they are read; take() hands out the batch and starts the next one. */
export class BatchWriter {
  rows = 0;
  private line: Int32Array;
  private rawParts: string[] = [];
  private rawEnd: Int32Array;
  private rawLength = 0;
  private problems: ({ row: number } & RowProblem)[] = [];
  private textStart: Int32Array;
  private textEnd: Int32Array;
  private extras: string[] = [];
  private num: Float64Array;
  private technology: Uint8Array;
  private provider: Int32Array;
  private area: Int32Array;
  private flags: Uint8Array;
  private skipped = 0;
  private staged = 0;
  private readonly unknownAreaCodes = new Map<string, number>();
  private newProviders: string[] = [];
  private readonly fieldStart: number[] = [];
  private readonly providerIndex = new Map<string, number>();
  private lastProvider: string | null = null;
  private lastProviderId = -1;
  private readonly technologyIndex = new Map<string, number>(TECHNOLOGIES.map((t, i) => [t, i + 1]));

  constructor(readonly capacity: number) {
    this.line = new Int32Array(capacity);
    this.rawEnd = new Int32Array(capacity);
    this.textStart = new Int32Array(capacity * T);
    this.textEnd = new Int32Array(capacity * T);
    this.num = new Float64Array(capacity * N);
    this.technology = new Uint8Array(capacity);
    this.provider = new Int32Array(capacity);
    this.area = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  /** Counts a row read and left out on purpose. */
  skip(): void {
    this.skipped++;
  }

  /** Counts a row whose area code is not among the loaded areas. */
  unknownAreaCode(code: string): void {
    this.unknownAreaCodes.set(code, (this.unknownAreaCodes.get(code) ?? 0) + 1);
  }

  /**
   * Counts an accepted FCC BDC row the reader sets aside itself (location-stage.ts) and packs its
   * offer into `packed` (no object per row), numbering its provider as accept() does (the batch
   * lists it in newProviders).
   */
  stage(record: BdcRecord, packed: PackedOffer): void {
    this.staged++;
    packed.provider = record.provider === null ? -1 : this.providerId(record.provider);
    packed.technology = this.technologyIndex.get(record.technology)!;
    packed.down = record.down;
    packed.up = record.up;
    packed.flags = packFlags(record.lowLatency, record.businessResidential);
  }

  get full(): boolean {
    return this.rows + this.staged >= this.capacity || this.rawLength >= RAW_CHARS;
  }

  reject(line: number, raw: string, problem: RowProblem): void {
    this.problems.push({ row: this.rows, field: problem.field, reason: problem.reason });
    this.addRaw(line, raw);
    this.rows++;
  }

  /**
   * Adds a checked row. `fields` are the record's fields and `columns` the field index of each
   * text field (textColumns), so that text that is verbatim in the record travels as offsets.
   */
  accept(
    line: number,
    raw: string,
    fields: readonly string[],
    columns: readonly number[],
    row: ConnectionRow,
    area: number,
    cell: number,
  ): void {
    const i = this.rows;
    const rawStart = this.rawLength;
    this.addRaw(line, raw);
    // Split fields lie back to back in an unquoted record; quotes make the record longer.
    let at = rawStart;
    for (let f = 0; f < fields.length; f++) {
      this.fieldStart[f] = at;
      at += fields[f].length + 1;
    }
    const verbatim = at - 1 === this.rawLength;
    const values = [row.addressId, row.postcode, row.houseLetter, row.suffix, row.street, row.city, row.municipalityCode];
    for (let k = 0; k < T; k++) this.addText(i * T + k, values[k], verbatim ? fields[columns[k]] : undefined, this.fieldStart[columns[k]]);
    const num = this.num;
    num[i * N + LON] = row.lon;
    num[i * N + LAT] = row.lat;
    num[i * N + HOUSE_NUMBER] = row.houseNumber ?? NaN;
    num[i * N + DOWN] = row.offer?.down ?? 0;
    num[i * N + UP] = row.offer?.up ?? 0;
    num[i * N + CELL] = cell;
    this.technology[i] = row.offer ? this.technologyIndex.get(row.offer.technology)! : 0;
    this.provider[i] = row.offer?.provider == null ? -1 : this.providerId(row.offer.provider);
    this.area[i] = area;
    this.flags[i] = flagsOf(row.offer);
    this.rows++;
  }

  take(file: number, bytesRead: number, linesRead: number, unknownColumns: string[], format: RowBatch['format'] = 'connections'): RowBatch {
    const n = this.rows;
    const batch: RowBatch = {
      file,
      bytesRead,
      linesRead,
      rows: n,
      unknownColumns,
      newProviders: this.newProviders,
      line: this.line.slice(0, n),
      raw: this.rawParts.join(''),
      rawEnd: this.rawEnd.slice(0, n),
      problems: this.problems,
      textStart: this.textStart.slice(0, n * T),
      textEnd: this.textEnd.slice(0, n * T),
      extras: this.extras,
      num: this.num.slice(0, n * N),
      technology: this.technology.slice(0, n),
      provider: this.provider.slice(0, n),
      area: this.area.slice(0, n),
      flags: this.flags.slice(0, n),
      format,
      skipped: this.skipped,
      staged: this.staged,
      unknownAreaCodes: [...this.unknownAreaCodes],
    };
    this.rows = this.rawLength = this.skipped = this.staged = 0;
    this.unknownAreaCodes.clear();
    this.rawParts = [];
    this.problems = [];
    this.extras = [];
    this.newProviders = [];
    return batch;
  }

  private addRaw(line: number, raw: string): void {
    this.line[this.rows] = line;
    this.rawParts.push(raw);
    this.rawLength += raw.length;
    this.rawEnd[this.rows] = this.rawLength;
  }

  /** Places a text value: as offsets of its field (or of the field's trimmed text), else as an extra. */
  private addText(slot: number, value: string | null, field: string | undefined, fieldStart: number): void {
    if (value === null) {
      this.textStart[slot] = this.textEnd[slot] = 0;
      return;
    }
    const offset = field === undefined ? -1 : field === value ? 0 : field.indexOf(value);
    if (offset < 0) {
      this.textStart[slot] = -this.extras.push(value);
      return;
    }
    this.textStart[slot] = fieldStart + offset;
    this.textEnd[slot] = fieldStart + offset + value.length;
  }

  private providerId(name: string): number {
    // Rows of a provider mostly follow each other: comparing with the last name is cheaper than hashing a fresh string.
    if (name === this.lastProvider) return this.lastProviderId;
    let id = this.providerIndex.get(name);
    if (id === undefined) {
      id = this.providerIndex.size;
      this.providerIndex.set(name, id);
      this.newProviders.push(name);
    }
    this.lastProvider = name;
    this.lastProviderId = id;
    return id;
  }
}

/**
 * One row of a batch at a time (move it with `at`), read lazily: a row that only adds an offer to
 * the address before it never has its postcode, street and the like sliced out.
 */
export class BatchRow {
  private batch: RowBatch | null = null;
  private i = 0;
  /** The provider table the batches' provider indexes point into (filled by `use`). */
  private readonly providers: string[] = [];

  /** Starts reading a batch (extending the provider table). */
  use(batch: RowBatch): void {
    this.batch = batch;
    for (const name of batch.newProviders) this.providers.push(name);
  }

  at(i: number): this {
    this.i = i;
    return this;
  }

  get line(): number {
    return this.batch!.line[this.i];
  }

  /** The record as it stood in the file. */
  get raw(): string {
    const { raw, rawEnd } = this.batch!;
    return raw.slice(this.i === 0 ? 0 : rawEnd[this.i - 1], rawEnd[this.i]);
  }

  get addressId(): string {
    return this.text(ADDRESS_ID)!;
  }

  get municipalityCode(): string | null {
    return this.text(MUNICIPALITY_CODE);
  }

  get hasMunicipalityCode(): boolean {
    const slot = this.i * T + MUNICIPALITY_CODE;
    return this.batch!.textStart[slot] < 0 || this.batch!.textEnd[slot] > this.batch!.textStart[slot];
  }

  get lon(): number {
    return this.batch!.num[this.i * N + LON];
  }

  get lat(): number {
    return this.batch!.num[this.i * N + LAT];
  }

  /** The finest H3 cell key (common/hex-key.ts), or NaN where the reader did not expect a new address. */
  get cell(): number {
    return this.batch!.num[this.i * N + CELL];
  }

  /** See RowBatch.area and the AREA_ constants. */
  get area(): number {
    return this.batch!.area[this.i];
  }

  get offer(): Offer | null {
    const b = this.batch!;
    const i = this.i;
    return offerOf(this.providerName(b.provider[i]), b.technology[i], b.num[i * N + DOWN], b.num[i * N + UP], b.flags[i]);
  }

  /** The offer's parts as the batch packs them (see RowBatch), for a reader that keeps them packed. */
  get packedOffer(): PackedOffer {
    const b = this.batch!;
    const i = this.i;
    return { provider: b.provider[i], technology: b.technology[i], down: b.num[i * N + DOWN], up: b.num[i * N + UP], flags: b.flags[i] };
  }

  /** A provider index of the batches (RowBatch.provider) as its name; null for -1. */
  providerName(index: number): string | null {
    return index < 0 ? null : this.providers[index];
  }

  fields(): AddressFields {
    const houseNumber = this.batch!.num[this.i * N + HOUSE_NUMBER];
    return {
      addressId: this.addressId,
      postcode: this.text(POSTCODE),
      houseNumber: Number.isNaN(houseNumber) ? null : houseNumber,
      houseLetter: this.text(HOUSE_LETTER),
      suffix: this.text(SUFFIX),
      street: this.text(STREET),
      city: this.text(CITY),
      lon: this.lon,
      lat: this.lat,
    };
  }

  private text(k: number): string | null {
    const { raw, textStart, textEnd, extras } = this.batch!;
    const slot = this.i * T + k;
    const start = textStart[slot];
    if (start < 0) return extras[-1 - start];
    return textEnd[slot] === start ? null : raw.slice(start, textEnd[slot]);
  }
}

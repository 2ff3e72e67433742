// Reads connection files into batches of checked rows: CSV records (csv.ts) -> checked rows
// (parse-row.ts, or bdc.ts for an FCC BDC file, told by its header) -> packed with their area
// (row-batch.ts). It needs no database, so it can run in a worker thread while the importing
// thread stores the rows it has already read.
import {
  BDC_COLUMNS,
  BDC_FORMAT,
  BdcRowParser,
  bdcCellCentres,
  bdcRecord,
  bdcRecordOf,
  COUNTY_DIGITS,
  isBdcHeader,
  SKIPPED,
} from './bdc.ts';
import { FileError, KNOWN_COLUMNS, mapColumns, type Column } from './columns.ts';
import { claimsInOrder, FileClaims, type FileClaimsData } from './file-claims.ts';
import { CsvReader, NOT_PLAIN, type Encoding } from './csv.ts';
import type { AreaLocator } from './locate.ts';
import { NearCells } from './near-cells.ts';
import { type StageInput, type StageTarget, StageWriter } from './location-stage.ts';
import { RowParser } from './parse-row.ts';
import { sniffProblem, type FileFormat } from './sniff.ts';
import { suspectText } from './suspect-text.ts';
import { AREA_NOT_LOCATED, AREA_UNKNOWN_CODE, BatchWriter, textColumns, type RowBatch } from './row-batch.ts';
import type { ConnectionRow } from './parse-row.ts';

/** Rows per batch at most (batches also end at a limit of raw text, see row-batch.ts). */
const BATCH_ROWS = 2048;
/** countyAreas' mark of a county not looked up yet. */
const UNSEEN = -100;

interface OpenFile {
  reader: CsvReader;
  parser: RowParser | BdcRowParser;
  format: RowBatch['format'];
  /** Field index of each text field of a row (see textColumns). */
  textColumns: number[];
  unknownColumns: string[];
  header: string[];
}

export class BatchReader {
  private readonly areaByCode: Map<string, number>;
  private readonly writer: BatchWriter;
  /** The file being read (or to read next), an index into `files`; -1 after the last. */
  private fileIndex: number;
  private readonly claims: FileClaims;
  private open: OpenFile | null = null;
  /** The address_id of the last accepted row of the file: rows after it with the same id need no location. */
  private lastAddressId = '';
  /** The H3 cell of each new address: files list addresses street by street, so mostly one of the last few cells. */
  private readonly cells = new NearCells();
  /** The BDC files' checked cells, shared by them: a state's cells come back in the file of each technology. */
  private readonly bdcCells = bdcCellCentres();
  private readonly stage: StageWriter | null;
  /** A plain record's field spans (CsvReader.nextSpans); room for one field more than a BDC record has, to tell too many. */
  private readonly spans = new Int32Array(2 * (BDC_COLUMNS.length + 1));
  /** The BDC row checkRecord() accepted last, and the same row as staged. */
  private readonly record = bdcRecord();
  private readonly staged: { -readonly [K in keyof StageInput]: StageInput[K] } = {
    addressId: '',
    line: 0,
    lon: 0,
    lat: 0,
    area: 0,
    hasMunicipalityCode: false,
    cell: 0,
    packedOffer: { provider: -1, technology: 0, down: 0, up: 0, flags: 0 },
  };
  /** Leaf area by county number (BdcRecord.county): UNSEEN until looked up. */
  private readonly countyAreas = new Int32Array(10 ** COUNTY_DIGITS).fill(UNSEEN);

  constructor(
    private readonly files: readonly string[],
    private readonly locator: AreaLocator,
    private readonly encoding: Encoding = 'utf-8',
    private readonly mapping: ReadonlyMap<string, string> = new Map(),
    /** FCC BDC files: leave out business-only locations. */
    private readonly residentialOnly = false,
    /**
     * Where accepted FCC BDC rows go, instead of into the batches: this reader's own stage's files
     * (location-stage.ts). Needed for BDC files.
     */
    staging: StageTarget | null = null,
    /** Which files this reader reads, in what order: all, in order, unless it shares them with another (file-claims.ts). */
    claims: FileClaimsData = claimsInOrder(files.length),
  ) {
    this.areaByCode = new Map(locator.areas.map((a, i) => [a.code, i]));
    this.writer = new BatchWriter(BATCH_ROWS);
    this.stage = staging && new StageWriter(staging);
    this.claims = new FileClaims(claims);
    this.fileIndex = this.claims.next();
  }

  /** The next batch, or null after the last file. Throws FileError for a file that cannot be read as connections. */
  next(): RowBatch | null {
    if (this.fileIndex < 0) return null;
    const open = this.open ?? (this.open = this.openFile(this.files[this.fileIndex]));
    const { reader, parser, textColumns, header } = open;
    const bdc = parser instanceof BdcRowParser ? parser : null;
    let ended = false;
    while (!this.writer.full) {
      if (bdc) {
        const n = reader.nextSpans(this.spans);
        if (n !== NOT_PLAIN) {
          const checked = bdc.checkRecord(reader.chunk, this.spans, n, this.record);
          if (checked === SKIPPED) this.writer.skip();
          else if (checked) this.stageRecord(reader.line);
          // Anything else is read again the general way, which says what is wrong with it.
          if (checked !== false) continue;
          reader.unread();
        }
      }
      const fields = reader.next();
      if (fields === null) {
        ended = true;
        break;
      }
      const row = reader.problem
        ? { field: '', reason: reader.problem }
        : (suspectText(reader.raw(), fields, header) ?? parser.parse(fields));
      if (row === SKIPPED) this.writer.skip();
      else if ('reason' in row) this.writer.reject(reader.line, reader.raw(), row);
      else if (bdc) {
        bdcRecordOf(row, this.record);
        this.stageRecord(reader.line);
      } else this.accept(reader, fields, textColumns, row);
    }
    const batch = this.writer.take(this.fileIndex, reader.bytesRead, reader.linesRead, open.unknownColumns, open.format);
    open.unknownColumns = [];
    if (ended) this.closeFile();
    if (this.fileIndex < 0 && this.stage) batch.stagedFiles = this.stage.staged();
    return batch;
  }

  close(): void {
    this.open?.reader.close();
    this.open = null;
  }

  private openFile(path: string): OpenFile {
    const reader = openCsv(path, this.encoding);
    this.lastAddressId = '';
    if (isBdcHeader(reader.headerFields)) {
      if (!this.stage) {
        reader.close();
        throw new Error(`${path}: an FCC BDC file, read without a stage for its rows`);
      }
      const parser = new BdcRowParser(reader.headerFields, this.locator.bbox, this.residentialOnly, this.bdcCells);
      const index = Object.fromEntries(KNOWN_COLUMNS.map((c) => [c, -1])) as Record<Column, number>;
      index.address_id = parser.addressIdColumn;
      index.municipality_code = parser.blockColumn;
      return { reader, parser, format: BDC_FORMAT, textColumns: textColumns(index), unknownColumns: [], header: reader.headerFields };
    }
    try {
      const columns = mapColumns(
        path,
        reader.headerFields.map((h) => this.mapping.get(h.trim().toLowerCase()) ?? h),
      );
      return {
        reader,
        parser: new RowParser(columns, this.locator.bbox),
        format: 'connections',
        textColumns: textColumns(columns.index),
        unknownColumns: columns.unknown,
        header: reader.headerFields,
      };
    } catch (err) {
      reader.close();
      throw err;
    }
  }

  private closeFile(): void {
    this.close();
    this.fileIndex = this.claims.next();
  }

  /** Adds a checked row of a connection file with its area and H3 cell, found here only where a new address may start. */
  private accept(reader: CsvReader, fields: string[], textColumns: number[], row: ConnectionRow): void {
    const first = row.addressId !== this.lastAddressId;
    this.lastAddressId = row.addressId;
    const area =
      row.municipalityCode !== null
        ? (this.areaByCode.get(row.municipalityCode) ?? AREA_UNKNOWN_CODE)
        : first
          ? this.locator.locate(row.lon, row.lat)
          : AREA_NOT_LOCATED;
    const cell = row.cell ?? (first ? this.cells.key(row.lat, row.lon) : Number.NaN);
    this.writer.accept(reader.line, reader.raw(), fields, textColumns, row, area, cell);
  }

  /**
   * Sets aside the FCC BDC row in `record` (checkRecord's or bdcRecordOf's), in this reader's thread:
   * the importing thread only counts it. A block's county code that no loaded area has is counted,
   * and the row placed by its point.
   */
  private stageRecord(line: number): void {
    const record = this.record;
    const first = record.addressId !== this.lastAddressId;
    this.lastAddressId = record.addressId;
    let area = this.areaOfCounty(record.county);
    const hasMunicipalityCode = area >= 0;
    if (!hasMunicipalityCode) {
      this.writer.unknownAreaCode(countyCode(record.county));
      area = first ? this.locator.locate(record.lon, record.lat) : AREA_NOT_LOCATED;
    }
    const staged = this.staged;
    staged.addressId = record.addressId;
    staged.line = line;
    staged.lon = record.lon;
    staged.lat = record.lat;
    staged.area = area;
    staged.hasMunicipalityCode = hasMunicipalityCode;
    staged.cell = record.cell;
    this.writer.stage(record, staged.packedOffer);
    // Staged with its place in the whole input (this reader's file index is the import's), which orders a location's rows.
    this.stage!.add(staged, this.fileIndex);
  }

  /** The leaf area whose code is the county's, or AREA_UNKNOWN_CODE. */
  private areaOfCounty(county: number): number {
    let area = this.countyAreas[county];
    if (area === UNSEEN) area = this.countyAreas[county] = this.areaByCode.get(countyCode(county)) ?? AREA_UNKNOWN_CODE;
    return area;
  }
}

/** The area code of a county's number (BdcRecord.county): its digits, leading zeros and all. */
function countyCode(county: number): string {
  return String(county).padStart(COUNTY_DIGITS, '0');
}

/** True when the file opens and its header is an FCC BDC header (anything else is told by the reader later). */
export function isBdcFile(path: string, encoding: Encoding = 'utf-8'): boolean {
  try {
    const reader = openCsv(path, encoding);
    reader.close();
    return isBdcHeader(reader.headerFields);
  } catch {
    return false;
  }
}

/** Compressed containers the reader opens itself (byte-source.ts); sniff.ts refuses other non-text files. */
const CONTAINERS: FileFormat[] = ['gzip', 'zip', 'zstd'];

/** Opens a CSV file and reads its header; a FileError when it cannot be read, is not text, or is empty. */
export function openCsv(path: string, encoding: Encoding): CsvReader & { headerFields: string[] } {
  let reader: CsvReader;
  try {
    const problem = sniffProblem(path, CONTAINERS);
    if (problem) throw new FileError(`${path}: cannot import this file: ${problem}`);
    reader = new CsvReader(path, encoding);
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw new FileError(`${path}: cannot read the file (${(err as Error).message}).`);
  }
  let header: string[] | null;
  try {
    header = reader.header();
  } catch (err) {
    reader.close();
    throw err;
  }
  if (header === null) {
    reader.close();
    throw new FileError(`${path}: the file is empty; it needs at least a header line.`);
  }
  return Object.assign(reader, { headerFields: header });
}

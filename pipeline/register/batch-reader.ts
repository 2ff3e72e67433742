// Reads register files into batches of checked, assigned addresses: CSV records -> checked rows
// (parse.ts) -> their area (assign.ts) and finest H3 cell, packed in columns. It needs no database,
// so it can run in a worker thread (read-worker.ts) while the loading thread inserts the rows it
// has already read. Repeated keys are found by the loading thread (the unique index).
import { CsvFiles } from '../import/csv-files.ts';
import type { Encoding } from '../import/csv.ts';
import type { AreaLocator } from '../import/locate.ts';
import { AreaAssigner } from './assign.ts';
import { registerColumns, type RegisterColumns } from './header.ts';
import { NearCells } from '../import/near-cells.ts';
import { parseRegisterRow } from './parse.ts';

/** Rows per batch at most. */
const BATCH_ROWS = 2048;
/** Text fields per accepted row: address_id, postcode, house_letter, house_number_suffix, street, city. */
export const TEXTS = 6;
/**
 * Numbers per accepted row: house_number (NaN: none), lon, lat, cell, side_address (NaN: not
 * stated), area (an index into the locator's areas: a number crosses threads cheaper than its code).
 */
export const NUMBERS = 6;

/** How an accepted row's area was found; REJECTED marks a row refused by the reader. */
export const REJECTED = -1;
export const BY_NAME = 0;
export const BY_NAME_ELSEWHERE = 1;
export const BY_NAME_NO_POLYGON = 2;
export const BY_POLYGON = 3;
export const SNAPPED = 4;

export interface RegisterBatch {
  file: number;
  bytesRead: number;
  /** Set on a file's first batch: the format recognised and the columns not used. */
  opened: { format: string; unknown: string[] } | null;
  /** Rows read in this batch, accepted or not, in file order. */
  rows: number;
  line: Int32Array;
  /** Filled while reading; posted as rawText and rawEnd (one string crosses threads cheaper than thousands). */
  raw: string[];
  /** The rows' raw text one after the other; row i is rawText.slice(rawEnd[i - 1] ?? 0, rawEnd[i]) (rawOf). */
  rawText: string;
  rawEnd: Int32Array;
  /** Per row: REJECTED or how its area was found. */
  how: Int8Array;
  /** TEXTS per accepted row, in the order of the accepted rows. */
  text: (string | null)[];
  numbers: Float64Array;
  /** The problem of each rejected row, in order. */
  problems: { field: string; reason: string }[];
}

export function registerTransferables(batch: RegisterBatch): ArrayBuffer[] {
  return [batch.line, batch.rawEnd, batch.how, batch.numbers].map((a) => a.buffer as ArrayBuffer);
}

/** The raw text of a batch's row i, as it stood in the file. */
export function rawOf(batch: RegisterBatch, i: number): string {
  return batch.rawText.slice(i === 0 ? 0 : batch.rawEnd[i - 1], batch.rawEnd[i]);
}

export interface RegisterSource {
  next(): RegisterBatch | null;
  close(): void;
}

export class RegisterBatchReader implements RegisterSource {
  private readonly assigner: AreaAssigner;
  private readonly cells = new NearCells();
  private readonly csv: CsvFiles<RegisterColumns>;

  constructor(
    files: readonly string[],
    locator: AreaLocator,
    areaNames: readonly string[],
    encoding: Encoding,
    mapping: ReadonlyMap<string, string>,
  ) {
    this.assigner = new AreaAssigner(locator, areaNames);
    this.csv = new CsvFiles(files, encoding, (path, header) => registerColumns(path, header, mapping));
  }

  next(): RegisterBatch | null {
    const open = this.csv.current();
    if (!open) return null;
    const { reader, columns } = open;
    const batch: RegisterBatch = {
      file: this.csv.fileIndex,
      bytesRead: 0,
      opened: open.first ? { format: columns.format, unknown: columns.unknown } : null,
      rows: 0,
      line: new Int32Array(BATCH_ROWS),
      raw: [],
      rawText: '',
      rawEnd: new Int32Array(BATCH_ROWS),
      how: new Int8Array(BATCH_ROWS),
      text: [],
      numbers: new Float64Array(BATCH_ROWS * NUMBERS),
      problems: [],
    };
    let accepted = 0;
    for (let fields = this.csv.record(batch, BATCH_ROWS); fields !== null; fields = this.csv.record(batch, BATCH_ROWS)) {
      const i = batch.rows - 1;
      const row = reader.problem ? { field: '', reason: reader.problem } : parseRegisterRow(fields, columns);
      const assigned = 'reason' in row ? row : this.assigner.assign(row.municipality, row.lon, row.lat);
      if ('reason' in row || 'reason' in assigned) {
        batch.how[i] = REJECTED;
        batch.problems.push('reason' in row ? row : (assigned as { field: string; reason: string }));
        continue;
      }
      const a = assigned as Exclude<typeof assigned, { reason: string }>;
      batch.how[i] =
        a.how === 'name'
          ? a.polygon < 0
            ? BY_NAME_NO_POLYGON
            : a.polygon !== a.area
              ? BY_NAME_ELSEWHERE
              : BY_NAME
          : a.how === 'polygon'
            ? BY_POLYGON
            : SNAPPED;
      batch.text.push(row.addressId, row.postcode, row.houseLetter, row.suffix, row.street, row.city);
      const n = accepted++ * NUMBERS;
      batch.numbers[n] = row.houseNumber ?? Number.NaN;
      batch.numbers[n + 1] = row.lon;
      batch.numbers[n + 2] = row.lat;
      batch.numbers[n + 3] = this.cells.key(row.lat, row.lon);
      batch.numbers[n + 4] = row.side ?? Number.NaN;
      batch.numbers[n + 5] = a.area;
    }
    let end = 0;
    for (let i = 0; i < batch.rows; i++) batch.rawEnd[i] = end += batch.raw[i].length;
    batch.rawText = batch.raw.join('');
    batch.raw = [];
    batch.bytesRead = reader.bytesRead;
    this.csv.batchDone();
    return batch;
  }

  close(): void {
    this.csv.close();
  }
}

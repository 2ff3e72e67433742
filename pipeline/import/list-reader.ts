// Reads coverage lists (join.ts) into batches: each row checked and turned into its matching key
// (a register address_id, or postcode + number [+ letter + suffix]) and its offer. It needs no
// database, so it can run in a worker thread (list-worker.ts) while the joining thread matches the
// keys it has already read; matching itself needs the register and stays in that thread. Offers
// travel as numbers: each distinct offer is sent once.
import type { Offer } from '../../common/types.ts';
import { offerKey } from './matched-offers.ts';
import { CsvFiles } from './csv-files.ts';
import { renamedHeader } from './columns.ts';
import { coverageColumns, type CoverageColumns } from './coverage-columns.ts';
import type { Encoding } from './csv.ts';
import { normalisePostcode, parseHouseNumber, parseOffer, text, type RowProblem } from './parse-row.ts';

const BATCH_ROWS = 2048;
/** Distinct texts of offer fields remembered with what they parse to. */
const MAX_PARSED_OFFERS = 1 << 16;
/** Per accepted row: the key's text (address_id or postcode), letter and suffix (null: the list has no such column). */
export const KEY_TEXTS = 3;

export interface ListBatch {
  file: number;
  bytesRead: number;
  /** Lines of the file read so far, header included. */
  linesRead: number;
  /** Set on a file's first batch: the header's unused columns, and whether rows are keyed by address_id. */
  opened: { unknown: string[]; byId: boolean } | null;
  rows: number;
  line: Int32Array;
  raw: string[];
  /** Per row: 1 when it was refused (its problem is next in `problems`), 0 when it has a key. */
  rejected: Uint8Array;
  keys: (string | null)[];
  houseNumber: Int32Array;
  /** Per accepted row: the number of its offer (NO_OFFER for none); offers are numbered in the order first read. */
  offer: Int32Array;
  /** The offers first read in this batch, numbered on from those of the batches before. */
  newOffers: Offer[];
  problems: RowProblem[];
}

/** ListBatch.offer of a row without an offer. */
export const NO_OFFER = -1;

export function listTransferables(batch: ListBatch): ArrayBuffer[] {
  return [batch.line, batch.rejected, batch.houseNumber, batch.offer].map((a) => a.buffer as ArrayBuffer);
}

export interface ListSource {
  next(): ListBatch | null;
  close(): void;
}

/** The letter or suffix of a row: upper-cased, '' for none; null when the list has no such column. */
function part(fields: string[], i: number): string | null {
  return i < 0 ? null : (text(fields, i) ?? '').toUpperCase();
}

export class ListBatchReader implements ListSource {
  private readonly csv: CsvFiles<CoverageColumns>;
  /** Offers read so far, by what makes them distinct: each is sent once, then only its number. */
  private readonly offerNumbers = new Map<string, number>();
  /** What the offer fields' texts parsed to (offerOf). */
  private readonly parsedOffers = new Map<string, number | RowProblem>();

  constructor(files: readonly string[], encoding: Encoding, mapping: ReadonlyMap<string, string>) {
    this.csv = new CsvFiles(files, encoding, (path, header) => coverageColumns(path, header, renamedHeader(header, mapping)));
  }

  next(): ListBatch | null {
    const open = this.csv.current();
    if (!open) return null;
    const { reader, columns } = open;
    const c = columns.index;
    const byId = columns.key === 'address_id';
    const batch: ListBatch = {
      file: this.csv.fileIndex,
      bytesRead: 0,
      linesRead: 0,
      opened: open.first ? { unknown: columns.unknown, byId } : null,
      rows: 0,
      line: new Int32Array(BATCH_ROWS),
      raw: [],
      rejected: new Uint8Array(BATCH_ROWS),
      keys: [],
      houseNumber: new Int32Array(BATCH_ROWS),
      offer: new Int32Array(BATCH_ROWS),
      newOffers: [],
      problems: [],
    };
    let accepted = 0;
    for (let fields = this.csv.record(batch, BATCH_ROWS); fields !== null; fields = this.csv.record(batch, BATCH_ROWS)) {
      const i = batch.rows - 1;
      const problem = reader.problem
        ? { field: '', reason: reader.problem }
        : fields.length !== columns.width
          ? { field: '', reason: `wrong column count: ${fields.length} instead of ${columns.width}` }
          : this.key(fields, columns, byId, batch, accepted);
      const offer = problem ? NO_OFFER : this.offerOf(fields, c, batch);
      const bad = problem ?? (typeof offer === 'number' ? null : offer);
      if (bad) {
        batch.rejected[i] = 1;
        batch.problems.push(bad);
        // Take back a key pushed for this row.
        batch.keys.length = accepted * KEY_TEXTS;
        continue;
      }
      batch.offer[accepted++] = offer as number;
    }
    batch.bytesRead = reader.bytesRead;
    batch.linesRead = reader.linesRead;
    this.csv.batchDone();
    return batch;
  }

  /**
   * A row's offer number (NO_OFFER without one) or its problem. Worked out once per distinct text of the
   * offer's fields: a list repeats a few provider, technology and speed combinations millions of times.
   */
  private offerOf(fields: string[], c: CoverageColumns['index'], batch: ListBatch): number | RowProblem {
    const raw = `${fields[c.provider]}\u001f${fields[c.technology]}\u001f${fields[c.max_down_mbps]}\u001f${fields[c.max_up_mbps]}`;
    const known = this.parsedOffers.get(raw);
    if (known !== undefined) return known;
    const offer = parseOffer(fields, c);
    const result = offer === null ? NO_OFFER : 'reason' in offer ? offer : this.offerNumber(offer, batch);
    if (this.parsedOffers.size < MAX_PARSED_OFFERS) this.parsedOffers.set(raw, result);
    return result;
  }

  /** The number of an offer, a new one (sent with this batch) if it was not read before. */
  private offerNumber(offer: Offer, batch: ListBatch): number {
    const key = offerKey(offer);
    const known = this.offerNumbers.get(key);
    if (known !== undefined) return known;
    this.offerNumbers.set(key, this.offerNumbers.size);
    batch.newOffers.push(offer);
    return this.offerNumbers.size - 1;
  }

  /** Pushes the row's key as accepted row `a`, or returns its problem. */
  private key(fields: string[], columns: CoverageColumns, byId: boolean, batch: ListBatch, a: number): RowProblem | null {
    const c = columns.index;
    if (byId) {
      const id = text(fields, c.address_id);
      if (id === null) return { field: 'address_id', reason: 'missing address_id' };
      batch.keys.push(id, null, null);
      return null;
    }
    const postcode = text(fields, c.postcode);
    if (postcode === null) return { field: 'postcode', reason: 'missing postcode' };
    const numberText = text(fields, c.house_number);
    if (numberText === null) return { field: 'house_number', reason: 'missing house_number' };
    const number = parseHouseNumber(numberText);
    if (typeof number !== 'number') return number;
    batch.keys.push(normalisePostcode(postcode), part(fields, c.house_letter), part(fields, c.house_number_suffix));
    batch.houseNumber[a] = number;
    return null;
  }

  close(): void {
    this.csv.close();
  }
}

// Reads coverage lists (join.ts) into batches: each row checked and turned into its matching key
// (a register address_id, or postcode + number [+ letter + suffix]) and its offer. It needs no
// database, so it can run in a worker thread (list-worker.ts) while the joining thread matches the
// keys it has already read; matching itself needs the register and stays in that thread. Batches
// cross threads as typed arrays and one string: offers, postcodes, letters and suffixes travel as
// numbers (each distinct one is sent once), the rows' raw text as one string. Thousands of small
// strings per batch cost as much to post and receive as reading the rows did.
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
/** Distinct postcode, letter and suffix texts numbered at once, at most; then the numbering starts again (ListBatch.textsRestart). */
const MAX_TEXTS = 1 << 20;
/** ListBatch.letter or suffix of a row in a list without that column: any register value fits. */
export const NO_PART = -1;

export interface ListBatch {
  file: number;
  bytesRead: number;
  /** Lines of the file read so far, header included. */
  linesRead: number;
  /** Set on a file's first batch: the header's unused columns, and whether rows are keyed by address_id. */
  opened: { unknown: string[]; byId: boolean } | null;
  rows: number;
  line: Int32Array;
  /** Filled while reading; posted as rawText and rawEnd. */
  raw: string[];
  /**
   * The rows' raw text one after the other; row i is rawText.slice(rawEnd[i - 1] ?? 0, rawEnd[i]) (listRawOf).
   * A reader made with `allRaw` false keeps only the refused rows' ('' for the others).
   */
  rawText: string;
  rawEnd: Int32Array;
  /** Per row: 1 when it was refused (its problem is next in `problems`), 0 when it has a key. */
  rejected: Uint8Array;
  /** Lists keyed by address_id: the id of each accepted row. */
  ids: string[];
  /**
   * Lists keyed by postcode and number, per accepted row: its postcode's text number, house number, and
   * its letter's and suffix's text numbers (upper-cased, '' for none; NO_PART when the list lacks the column).
   */
  postcode: Int32Array;
  houseNumber: Int32Array;
  letter: Int32Array;
  suffix: Int32Array;
  /** Texts first read in this batch, numbered on from those of the batches before (from 0 when textsRestart). */
  newTexts: string[];
  /** The numbering of texts starts again with this batch: memory stays bounded for any number of postcodes. */
  textsRestart: boolean;
  /** Per accepted row: the number of its offer (NO_OFFER for none); offers are numbered in the order first read. */
  offer: Int32Array;
  /** The offers first read in this batch, numbered on from those of the batches before. */
  newOffers: Offer[];
  problems: RowProblem[];
}

/** ListBatch.offer of a row without an offer. */
export const NO_OFFER = -1;

export function listTransferables(batch: ListBatch): ArrayBuffer[] {
  return [batch.line, batch.rawEnd, batch.rejected, batch.postcode, batch.houseNumber, batch.letter, batch.suffix, batch.offer].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** The raw text of a batch's row i, as it stood in the file. */
export function listRawOf(batch: ListBatch, i: number): string {
  return batch.rawText.slice(i === 0 ? 0 : batch.rawEnd[i - 1], batch.rawEnd[i]);
}

export interface ListSource {
  next(): ListBatch | null;
  close(): void;
}

export class ListBatchReader implements ListSource {
  private readonly csv: CsvFiles<CoverageColumns>;
  /** Offers read so far, by what makes them distinct: each is sent once, then only its number. */
  private readonly offerNumbers = new Map<string, number>();
  /** What the offer fields' texts parsed to (offerOf). */
  private readonly parsedOffers = new Map<string, number | RowProblem>();
  /** Postcodes, letters and suffixes read so far, numbered: each is sent once, then only its number. */
  private readonly texts = new Map<string, number>();
  /** The last postcode numbered and its number, and the number of '' (-1: none yet): most rows repeat them. */
  private lastPostcode = '';
  private lastPostcodeNumber = -1;
  private emptyNumber = -1;
  /** The offer fields of the last row and what they gave (offerOf). */
  private lastOffer: { provider?: string; technology?: string; down?: string; up?: string; result: number | RowProblem | null } = {
    result: null,
  };

  /**
   * `allRaw`: keep every row's raw text, for a match report of the rows that fit no address or several;
   * without one only the refused rows' (for the rejects file). The text of 12 M list rows is ~700 MiB,
   * copied into each batch's string and again to the joining thread.
   * `maxTexts`: distinct postcodes, letters and suffixes numbered before the numbering starts again (tests set it low).
   */
  constructor(
    files: readonly string[],
    encoding: Encoding,
    mapping: ReadonlyMap<string, string>,
    private readonly allRaw = true,
    private readonly maxTexts = MAX_TEXTS,
  ) {
    this.csv = new CsvFiles(files, encoding, (path, header) => coverageColumns(path, header, renamedHeader(header, mapping)));
  }

  next(): ListBatch | null {
    const open = this.csv.current();
    if (!open) return null;
    const { reader, columns } = open;
    const c = columns.index;
    const byId = columns.key === 'address_id';
    const textsRestart = this.texts.size >= this.maxTexts;
    if (textsRestart) {
      this.texts.clear();
      this.lastPostcodeNumber = this.emptyNumber = -1;
    }
    const batch: ListBatch = {
      file: this.csv.fileIndex,
      bytesRead: 0,
      linesRead: 0,
      opened: open.first ? { unknown: columns.unknown, byId } : null,
      rows: 0,
      line: new Int32Array(BATCH_ROWS),
      raw: [],
      rawText: '',
      rawEnd: new Int32Array(BATCH_ROWS),
      rejected: new Uint8Array(BATCH_ROWS),
      ids: [],
      postcode: new Int32Array(byId ? 0 : BATCH_ROWS),
      houseNumber: new Int32Array(byId ? 0 : BATCH_ROWS),
      letter: new Int32Array(byId ? 0 : BATCH_ROWS),
      suffix: new Int32Array(byId ? 0 : BATCH_ROWS),
      newTexts: [],
      textsRestart,
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
        // Take back an id pushed for this row (a key in the typed arrays is overwritten by the next row).
        if (byId) batch.ids.length = accepted;
        continue;
      }
      batch.offer[accepted++] = offer as number;
    }
    let end = 0;
    const kept = this.allRaw ? batch.raw : batch.raw.map((raw, i) => (batch.rejected[i] ? raw : ''));
    for (let i = 0; i < batch.rows; i++) batch.rawEnd[i] = end += kept[i].length;
    batch.rawText = kept.join('');
    batch.raw = [];
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
    const provider = fields[c.provider];
    const technology = fields[c.technology];
    const down = fields[c.max_down_mbps];
    const up = fields[c.max_up_mbps];
    const last = this.lastOffer;
    // A list's rows mostly repeat the row before's offer: then no key is built or looked up.
    if (last.result !== null && provider === last.provider && technology === last.technology && down === last.down && up === last.up) {
      return last.result;
    }
    const raw = `${provider}\u001f${technology}\u001f${down}\u001f${up}`;
    let result = this.parsedOffers.get(raw);
    if (result === undefined) {
      const offer = parseOffer(fields, c);
      result = offer === null ? NO_OFFER : 'reason' in offer ? offer : this.offerNumber(offer, batch);
      if (this.parsedOffers.size < MAX_PARSED_OFFERS) this.parsedOffers.set(raw, result);
    }
    this.lastOffer = { provider, technology, down, up, result };
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
      batch.ids.push(id);
      return null;
    }
    const postcode = text(fields, c.postcode);
    if (postcode === null) return { field: 'postcode', reason: 'missing postcode' };
    const numberText = text(fields, c.house_number);
    if (numberText === null) return { field: 'house_number', reason: 'missing house_number' };
    const number = parseHouseNumber(numberText);
    if (typeof number !== 'number') return number;
    const normal = normalisePostcode(postcode);
    if (normal !== this.lastPostcode || this.lastPostcodeNumber < 0) {
      this.lastPostcode = normal;
      this.lastPostcodeNumber = this.textNumber(normal, batch);
    }
    batch.postcode[a] = this.lastPostcodeNumber;
    batch.houseNumber[a] = number;
    batch.letter[a] = this.part(fields, c.house_letter, batch);
    batch.suffix[a] = this.part(fields, c.house_number_suffix, batch);
    return null;
  }

  /** The text number of a row's letter or suffix (upper-cased, '' for none); NO_PART when the list has no such column. */
  private part(fields: string[], i: number, batch: ListBatch): number {
    if (i < 0) return NO_PART;
    const value = text(fields, i);
    if (value !== null) return this.textNumber(value.toUpperCase(), batch);
    if (this.emptyNumber < 0) this.emptyNumber = this.textNumber('', batch);
    return this.emptyNumber;
  }

  /** The number of a postcode, letter or suffix text, a new one (sent with this batch) if it was not read before. */
  private textNumber(value: string, batch: ListBatch): number {
    const known = this.texts.get(value);
    if (known !== undefined) return known;
    this.texts.set(value, this.texts.size);
    batch.newTexts.push(value);
    return this.texts.size - 1;
  }

  close(): void {
    this.csv.close();
  }
}

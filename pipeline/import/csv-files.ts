// Walks the CSV files of a batch reader (register and coverage-list readers): opens each with its
// header read and its columns worked out, and moves on once a batch has reached the end of one.
import { openCsv } from './batch-reader.ts';
import type { Encoding } from './csv.ts';

type OpenCsv = ReturnType<typeof openCsv>;

/** What every batch of these readers records per row: its line number and raw text. */
export interface RecordBatch {
  rows: number;
  line: Int32Array;
  raw: string[];
}

export class CsvFiles<C> {
  private index = 0;
  private ended = false;
  private open: { reader: OpenCsv; columns: C; fresh: boolean } | null = null;

  constructor(
    private readonly files: readonly string[],
    private readonly encoding: Encoding,
    private readonly columnsOf: (path: string, header: string[]) => C,
  ) {}

  /** Index of the file being read. */
  get fileIndex(): number {
    return this.index;
  }

  /** The file to read from (opened now if needed), `first` on its first batch; null after the last file. */
  current(): { reader: OpenCsv; columns: C; first: boolean } | null {
    if (this.index >= this.files.length) return null;
    if (!this.open) {
      const path = this.files[this.index];
      const reader = openCsv(path, this.encoding);
      try {
        this.open = { reader, columns: this.columnsOf(path, reader.headerFields), fresh: true };
      } catch (err) {
        reader.close();
        throw err;
      }
    }
    const first = this.open.fresh;
    this.open.fresh = false;
    return { reader: this.open.reader, columns: this.open.columns, first };
  }

  /** The next record of the current file, its line and raw text added to `batch`; null once the batch has `max` rows or the file ends. */
  record(batch: RecordBatch, max: number): string[] | null {
    if (batch.rows >= max || !this.open) return null;
    const { reader } = this.open;
    const fields = reader.next();
    if (fields === null) {
      this.ended = true;
      return null;
    }
    batch.line[batch.rows++] = reader.line;
    batch.raw.push(reader.raw());
    return fields;
  }

  /** After a batch: when it reached the end of the file, closes it and moves to the next. */
  batchDone(): void {
    if (!this.ended) return;
    this.ended = false;
    this.close();
    this.index++;
  }

  close(): void {
    this.open?.reader.close();
    this.open = null;
  }
}

// Rejected rows: counted by reason, and written (when a path is given) as a CSV of
// source file, line, field, reason and the original row. CsvLog also writes the match report.
import { closeSync, openSync, writeSync } from 'node:fs';
import { csvField } from '../../common/csv.ts';

const FLUSH_CHARS = 1 << 16;

/** A CSV file written in buffered pieces, created (with its header) on the first record only. */
export class CsvLog {
  private fd: number | null = null;
  private buffered = '';

  constructor(
    readonly path: string | null,
    private readonly header: readonly string[],
  ) {}

  write(record: readonly (string | number)[]): void {
    if (this.path === null) return;
    if (this.fd === null) {
      this.fd = openSync(this.path, 'w');
      this.buffered = `${this.header.join(',')}\n`;
    }
    this.buffered += `${record.map(csvField).join(',')}\n`;
    if (this.buffered.length > FLUSH_CHARS) this.flush();
  }

  /** Writes what is buffered and closes the file; returns its path when rows were written. */
  close(): string | null {
    if (this.fd === null) return null;
    this.flush();
    closeSync(this.fd);
    this.fd = null;
    return this.path;
  }

  private flush(): void {
    if (this.fd !== null && this.buffered !== '') writeSync(this.fd, this.buffered);
    this.buffered = '';
  }
}

/** Where a rejected row is and why. */
export interface RejectedAt {
  file: string;
  line: number;
  field: string;
  reason: string;
}

export class Rejects {
  count = 0;
  readonly byReason = new Map<string, number>();
  /** The first row rejected, for a refusal to name (the file need not be written). */
  first: RejectedAt | null = null;
  private readonly log: CsvLog;

  constructor(readonly path: string | null) {
    this.log = new CsvLog(path, ['source_file', 'line', 'field', 'reason', 'row']);
  }

  add(file: string, line: number, field: string, reason: string, row: string): void {
    this.count++;
    this.first ??= { file, line, field, reason };
    // Reasons read 'kind: detail'; the summary counts per field and kind.
    const kind = `${field ? `${field}: ` : ''}${reason.replace(/:.*$/s, '')}`;
    this.byReason.set(kind, (this.byReason.get(kind) ?? 0) + 1);
    this.log.write([file, line, field, reason, row]);
  }

  close(): string | null {
    return this.log.close();
  }
}

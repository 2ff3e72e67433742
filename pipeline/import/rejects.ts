// Rejected rows: counted by reason, and written (when a path is given) as a CSV of
// source file, line, field, reason and the original row.
import { closeSync, openSync, writeSync } from 'node:fs';
import { csvField } from '../../common/csv.ts';

const FLUSH_CHARS = 1 << 16;

export class Rejects {
  count = 0;
  readonly byReason = new Map<string, number>();
  private fd: number | null = null;
  private buffered = '';

  constructor(readonly path: string | null) {}

  add(file: string, line: number, field: string, reason: string, row: string): void {
    this.count++;
    // Reasons read 'kind: detail'; the summary counts per field and kind.
    const kind = `${field ? `${field}: ` : ''}${reason.replace(/:.*$/s, '')}`;
    this.byReason.set(kind, (this.byReason.get(kind) ?? 0) + 1);
    if (this.path === null) return;
    if (this.fd === null) {
      this.fd = openSync(this.path, 'w');
      this.buffered = 'source_file,line,field,reason,row\n';
    }
    this.buffered += `${[file, line, field, reason, row].map(csvField).join(',')}\n`;
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

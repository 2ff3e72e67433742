// A text file of the demo written line by line (the generated release CSVs, registers and coverage
// lists): lines are appended to a string, which is encoded into a reused buffer and written out once
// it holds ~64 K characters. Appending short strings is much cheaper than encoding each line on its own.
import { closeSync, openSync, writeSync } from 'node:fs';

/** Characters gathered before they are written. */
const FLUSH_CHARS = 1 << 16;
/** UTF-8 needs at most 3 bytes per UTF-16 unit: room for a flush of up to 4 × FLUSH_CHARS. */
const BUFFER_BYTES = 12 * FLUSH_CHARS;

export class LineFile {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private pending = '';

  constructor(
    readonly path: string,
    header: string,
  ) {
    this.fd = openSync(path, 'w');
    this.line(header);
  }

  /** Writes `head` followed by `tail` (two parts, to spare joining them) and a newline. */
  line(head: string, tail = ''): void {
    this.pending += head;
    this.pending += tail;
    this.pending += '\n';
    if (this.pending.length > FLUSH_CHARS) this.flush();
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  private flush(): void {
    const text = this.pending;
    this.pending = '';
    if (text.length === 0) return;
    if (3 * text.length > BUFFER_BYTES) writeSync(this.fd, text);
    else writeSync(this.fd, this.buffer, 0, this.buffer.write(text, 0, 'utf8'));
  }
}

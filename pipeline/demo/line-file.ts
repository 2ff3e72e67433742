// A text file of the demo written line by line through a reused 1 MiB buffer (the generated release
// CSVs, registers and coverage lists): a line is encoded straight into the buffer, which is written
// out when it fills up.
import { closeSync, openSync, writeSync } from 'node:fs';

const BUFFER_BYTES = 1 << 20;

export class LineFile {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;

  constructor(
    readonly path: string,
    header: string,
  ) {
    this.fd = openSync(path, 'w');
    this.line(header);
  }

  /** Writes `head` followed by `tail` (two parts, to spare joining them) and a newline. */
  line(head: string, tail = ''): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    const most = 3 * (head.length + tail.length) + 1;
    if (this.used + most > BUFFER_BYTES) this.flush();
    if (most > BUFFER_BYTES) {
      writeSync(this.fd, `${head}${tail}\n`);
      return;
    }
    this.used += this.buffer.write(head, this.used, 'utf8');
    if (tail) this.used += this.buffer.write(tail, this.used, 'utf8');
    this.buffer[this.used++] = 0x0a;
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  private flush(): void {
    if (this.used > 0) writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }
}

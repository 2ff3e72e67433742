// A fast synchronous streaming CSV reader (RFC 4180): reads a file in chunks, never holds it whole.
// Unquoted lines take a fast path (native indexOf + split); lines with quotes are scanned by hand,
// so quoted delimiters, doubled quotes and newlines inside quotes work. UTF-8 with or without BOM,
// CRLF or LF, comma or semicolon (detected on the header line). Compressed files are read through
// byte-source.ts. Text must be valid UTF-8 unless the encoding is windows-1252 (Excel's variant).
// A record longer than MAX_RECORD_CHARS (a 200 MB line, or a stray quote that would swallow the
// rest of the file) is returned as a problem, and reading resumes at the next line: work and
// memory per record stay bounded, and the other rows are kept.
import { isUtf8 } from 'node:buffer';
import { openBytes, type ByteSource } from './byte-source.ts';
import { FileError } from './columns.ts';

export type Encoding = 'utf-8' | 'windows-1252';
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'windows-1252'];

/** Small enough that decoded chunks stay out of V8's slow large-object space (see row-batch.ts). */
const CHUNK_BYTES = 64 << 10;
const QUOTE = 34;
/** Longest record read as one (1 MiB of text); longer ones are rejected and skipped. */
export const MAX_RECORD_CHARS = 1 << 20;
/** How much of an oversized record is kept as its raw text (for the rejects file). */
const RAW_PREVIEW_CHARS = 200;

export class CsvReader {
  /** Line number (1-based) where the last record returned by next() starts. */
  line = 0;
  /** Set when the last record is malformed (an unterminated quote at the end of the file). */
  problem: string | null = null;
  delimiter = ',';
  readonly bytesTotal: number;
  /** Bytes of the file on disk read so far (compressed bytes for an archive). */
  get bytesRead(): number {
    return this.source.bytesRead;
  }

  private readonly source: ByteSource;
  private readonly windows1252: TextDecoder | null;
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  /** Bytes of a UTF-8 character cut off at the end of the last chunk. */
  private carry = 0;
  private text = '';
  private pos = 0;
  private eof = false;
  private nextLine = 1;
  /** Index of the next '"' at or after pos in text, or -1 when the rest of text has none. */
  private nextQuote = -1;
  private recordStart = 0;
  private recordEnd = 0;
  /** The raw text of the last record when it is not text[recordStart, recordEnd) (an oversized one). */
  private rawOverride: string | null = null;
  /** Index of the next NUL or U+FFFD at or after pos in text (text.length when none): such records are not plain. */
  private nextOdd = -1;
  /** Where the record nextSpans() read last started. */
  private previous = 0;

  constructor(
    readonly path: string,
    readonly encoding: Encoding = 'utf-8',
  ) {
    this.source = openBytes(path);
    this.bytesTotal = this.source.bytesTotal;
    this.windows1252 = encoding === 'windows-1252' ? new TextDecoder('windows-1252') : null;
    try {
      this.refill();
    } catch (err) {
      this.source.close();
      throw err;
    }
    if (this.text.charCodeAt(0) === 0xfeff) this.text = this.text.slice(1);
    this.nextQuote = this.text.indexOf('"');
  }

  /** Reads the header record and detects the delimiter from it; null for an empty file. */
  header(): string[] | null {
    const end = this.text.indexOf('\n');
    const firstLine = end < 0 ? this.text : this.text.slice(0, end);
    this.delimiter = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
    return this.next();
  }

  /** Lines read so far (blank lines and the header included). */
  get linesRead(): number {
    return this.nextLine - 1;
  }

  /**
   * The next record's fields, or null at the end of the file. Blank lines are skipped. A record
   * with a `problem` has no fields worth checking.
   */
  next(): string[] | null {
    for (;;) {
      let end = this.text.indexOf('\n', this.pos);
      while (end < 0 && !this.eof) {
        if (this.text.length - this.pos > MAX_RECORD_CHARS) return this.skipLongLine();
        this.refill();
        end = this.text.indexOf('\n', this.pos);
      }
      if (end < 0) {
        if (this.pos >= this.text.length) return null;
        end = this.text.length;
      }
      this.line = this.nextLine;
      this.problem = null;
      this.rawOverride = null;
      if (this.nextQuote >= 0 && this.nextQuote < this.pos) this.nextQuote = this.text.indexOf('"', this.pos);
      if (this.nextQuote < 0 || this.nextQuote > end) {
        const stop = end > this.pos && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end;
        this.recordStart = this.pos;
        this.recordEnd = stop;
        this.pos = end + 1;
        this.nextLine++;
        if (stop === this.recordStart) continue;
        return this.text.slice(this.recordStart, stop).split(this.delimiter);
      }
      return this.quotedRecord();
    }
  }

  /**
   * The next record as spans of the text at hand (`chunk`), when it is plain: one line, quoted
   * fields quoted whole, no NUL or U+FFFD, at most `spans.length / 2` fields. Field k is
   * chunk[spans[2k], spans[2k + 1]), quotes and all (fieldText reads it). Returns the number of
   * fields, or NOT_PLAIN, having read nothing: then next() reads the record (and refills the text
   * when the line runs past it, and ends the file). unread() steps back over a record read here.
   */
  nextSpans(spans: Int32Array): number {
    const text = this.text;
    const delimiter = this.delimiter;
    for (;;) {
      const pos = this.pos;
      const end = text.indexOf('\n', pos);
      if (end < 0) return NOT_PLAIN;
      const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (stop === pos) {
        this.pos = end + 1;
        this.nextLine++;
        continue;
      }
      if (this.nextOdd < pos) this.nextOdd = nextOdd(text, pos);
      if (this.nextOdd < end) return NOT_PLAIN;
      let n = 0;
      for (let i = pos; ; ) {
        if (2 * n + 2 > spans.length) return NOT_PLAIN;
        let after = i;
        if (text.charCodeAt(i) === QUOTE) {
          after = text.indexOf('"', i + 1);
          while (after >= 0 && after < stop && text.charCodeAt(after + 1) === QUOTE) after = text.indexOf('"', after + 2);
          if (after < 0 || after >= stop) return NOT_PLAIN;
          after++;
        }
        const d = text.indexOf(delimiter, after);
        const fieldEnd = d < 0 || d > stop ? stop : d;
        // After a closing quote only the delimiter or the line end may follow (next() would join the text).
        if (after > i && after !== fieldEnd) return NOT_PLAIN;
        spans[2 * n] = i;
        spans[2 * n + 1] = fieldEnd;
        n++;
        if (fieldEnd === stop) break;
        i = fieldEnd + 1;
      }
      this.previous = pos;
      this.line = this.nextLine;
      this.problem = null;
      this.rawOverride = null;
      this.recordStart = pos;
      this.recordEnd = stop;
      this.pos = end + 1;
      this.nextLine++;
      return n;
    }
  }

  /** Steps back over the record nextSpans() read last, so that next() reads it. */
  unread(): void {
    this.pos = this.previous;
    this.nextLine = this.line;
  }

  /** The text nextSpans' spans point into, until the next call of next() or nextSpans(). */
  get chunk(): string {
    return this.text;
  }

  /** The text of the last record as it stood in the file (without its line end). */
  raw(): string {
    return this.rawOverride ?? this.text.slice(this.recordStart, this.recordEnd);
  }

  close(): void {
    this.source.close();
  }

  private refill(): void {
    const n = this.source.read(this.buffer, this.carry, CHUNK_BYTES - this.carry);
    const rest = this.text.slice(this.pos);
    const filled = this.carry + n;
    // Decode up to the last complete UTF-8 character; keep a cut-off one for the next chunk.
    const end = n === 0 || this.windows1252 ? filled : completeUtf8(this.buffer, filled);
    this.text = rest + this.decode(end);
    this.buffer.copy(this.buffer, 0, end, filled);
    this.carry = filled - end;
    this.eof = n === 0;
    this.pos = 0;
    this.nextQuote = this.text.indexOf('"');
    this.nextOdd = -1;
  }

  /** The first `end` bytes of the buffer as text; refuses bytes that are not UTF-8 in a UTF-8 file. */
  private decode(end: number): string {
    if (this.windows1252) return this.windows1252.decode(this.buffer.subarray(0, end));
    if (!isUtf8(this.buffer.subarray(0, end))) {
      const bad = firstInvalidUtf8(this.buffer.subarray(0, end));
      const line = this.nextLine + count(this.text.slice(this.pos), '\n') + count(this.buffer.toString('latin1', 0, bad), '\n');
      throw new FileError(
        `${this.path}:${line}: the file is not valid UTF-8 (byte 0x${this.buffer[bad].toString(16)}). ` +
          'If it was saved by Excel or another Windows program, pass --encoding windows-1252; otherwise save it as UTF-8.',
      );
    }
    return this.buffer.toString('utf8', 0, end);
  }

  /**
   * Scans one record that contains quotes; refills and rescans when it runs past the text (at most
   * MAX_RECORD_CHARS, so rescans stay bounded). A quote that is never closed, or a record that
   * grows too long, rejects the record's first line only: reading resumes at the next line.
   */
  private quotedRecord(): string[] {
    for (;;) {
      const result = this.scanQuoted();
      if (result === UNTERMINATED) return this.resyncAfterFirstLine('unterminated quoted field');
      if (result) return result;
      if (this.text.length - this.pos > MAX_RECORD_CHARS) {
        return this.resyncAfterFirstLine(`record longer than ${MAX_RECORD_CHARS} characters (a quote that is never closed?)`);
      }
      this.refill();
    }
  }

  /** Rejects the line at pos as `reason` and goes on at the line after it. */
  private resyncAfterFirstLine(reason: string): string[] {
    const end = this.text.indexOf('\n', this.pos);
    if (end < 0) return this.skipLongLine(reason);
    const stop = end > this.pos && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    this.problem = reason;
    this.recordStart = this.pos;
    this.recordEnd = stop;
    this.rawOverride = stop - this.pos > MAX_RECORD_CHARS ? this.preview(stop) : null;
    this.pos = end + 1;
    this.nextLine++;
    return [];
  }

  /** Rejects the over-long line at pos and skips to its end, holding at most a chunk of it at a time. */
  private skipLongLine(reason = `line longer than ${MAX_RECORD_CHARS} characters`): string[] {
    this.line = this.nextLine;
    this.problem = reason;
    this.rawOverride = this.preview(this.text.length);
    let length = 0;
    for (;;) {
      const end = this.text.indexOf('\n', this.pos);
      if (end >= 0) {
        length += end - this.pos;
        this.pos = end + 1;
        break;
      }
      length += this.text.length - this.pos;
      this.pos = this.text.length;
      if (this.eof) break;
      this.refill();
    }
    this.problem = `${reason}: ${length} characters`;
    this.nextLine++;
    return [];
  }

  private preview(end: number): string {
    return `${this.text.slice(this.pos, Math.min(end, this.pos + RAW_PREVIEW_CHARS))}…`;
  }

  private scanQuoted(): string[] | null | typeof UNTERMINATED {
    const text = this.text;
    const delimiter = this.delimiter.charCodeAt(0);
    const fields: string[] = [];
    let i = this.pos;
    let newlines = 0;
    let field = '';
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        let start = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) return this.eof ? UNTERMINATED : null;
          newlines += count(text.slice(i, q), '\n');
          if (q + 1 >= text.length && !this.eof) return null;
          if (text.charCodeAt(q + 1) === QUOTE) {
            field += text.slice(start, q + 1);
            i = start = q + 2;
            continue;
          }
          field += text.slice(start, q);
          i = q + 1;
          break;
        }
      }
      // Unquoted part of the field (or text after a closing quote) up to the delimiter or line end.
      let j = i;
      while (j < text.length) {
        const c = text.charCodeAt(j);
        if (c === delimiter || c === 10) break;
        j++;
      }
      if (j >= text.length && !this.eof) return null;
      const stop = j > i && text.charCodeAt(j - 1) === 13 && (j === text.length || text.charCodeAt(j) === 10) ? j - 1 : j;
      field += text.slice(i, stop);
      fields.push(field);
      field = '';
      if (j < text.length && text.charCodeAt(j) === delimiter) {
        i = j + 1;
        continue;
      }
      this.recordStart = this.pos;
      this.recordEnd = stop;
      this.pos = j + 1;
      this.nextLine += 1 + newlines;
      return fields;
    }
  }
}

/** Offset of the first byte that breaks UTF-8 (the buffer is known not to be valid). */
function firstInvalidUtf8(buffer: Buffer): number {
  let lo = 0;
  let hi = buffer.length;
  // The longest valid prefix, by bisection; a cut-off character at the cut is valid once completed.
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (isUtf8(buffer.subarray(0, completeUtf8(buffer, mid)))) lo = mid;
    else hi = mid;
  }
  return completeUtf8(buffer, lo);
}

const UNTERMINATED = Symbol('unterminated quoted field');

/** What nextSpans() returns for a record it leaves to next(). */
export const NOT_PLAIN = -1;

/** Index of the first NUL or U+FFFD in text at or after `from`, or text.length. */
function nextOdd(text: string, from: number): number {
  const nul = text.indexOf('\u0000', from);
  const replacement = text.indexOf('\uFFFD', from);
  return Math.min(nul < 0 ? text.length : nul, replacement < 0 ? text.length : replacement);
}

/** A field of a plain record (CsvReader.nextSpans) as next() gives it: unquoted, doubled quotes made single. */
export function fieldText(text: string, start: number, end: number): string {
  if (text.charCodeAt(start) !== QUOTE) return text.slice(start, end);
  const inner = text.slice(start + 1, end - 1);
  return inner.includes('"') ? inner.replaceAll('""', '"') : inner;
}

/** Length of the prefix of buffer[0, length) that ends on a whole UTF-8 character. */
function completeUtf8(buffer: Buffer, length: number): number {
  for (let i = length - 1, back = 0; i >= 0 && back < 4; i--, back++) {
    const byte = buffer[i];
    if (byte < 0x80) return length; // ASCII: complete
    if (byte >= 0xc0) {
      // lead byte: does its sequence fit?
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return i + size <= length ? length : i;
    }
  }
  return length;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

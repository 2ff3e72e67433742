// CsvReader.nextSpans, the fast way to a plain record's fields, against next() as the oracle: on
// seeded random text of quotes, doubled quotes, delimiters in quotes, CRLF, blank lines, NUL and
// U+FFFD, reading with nextSpans (next() where it declines, or after unread()) gives every record's
// fields, line and raw text exactly as next() alone does, across chunk boundaries.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvReader, fieldText, NOT_PLAIN } from '../../pipeline/import/csv.ts';
import { seededRandom } from '../helpers/random.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-csv-spans-'));
let serial = 0;

interface Record {
  fields: string[];
  line: number;
  raw: string;
}

/** Every record of the file as next() alone reads it. */
function readWithNext(path: string): Record[] {
  const reader = new CsvReader(path);
  reader.header();
  const records: Record[] = [];
  for (let fields = reader.next(); fields !== null; fields = reader.next()) records.push({ fields, line: reader.line, raw: reader.raw() });
  reader.close();
  return records;
}

/** Every record as nextSpans reads it, next() taking the rest; `unreadEvery` records read by spans are stepped back over and read again by next(). */
function readWithSpans(path: string, fieldsAtMost: number, unreadEvery = 0): { records: Record[]; plain: number } {
  const reader = new CsvReader(path);
  reader.header();
  const spans = new Int32Array(2 * fieldsAtMost);
  const records: Record[] = [];
  let plain = 0;
  for (;;) {
    const n = reader.nextSpans(spans);
    if (n !== NOT_PLAIN) {
      plain++;
      if (unreadEvery === 0 || plain % unreadEvery !== 0) {
        const text = reader.chunk;
        const fields = Array.from({ length: n }, (_, k) => fieldText(text, spans[2 * k], spans[2 * k + 1]));
        records.push({ fields, line: reader.line, raw: reader.raw() });
        continue;
      }
      reader.unread();
    }
    const fields = reader.next();
    if (fields === null) break;
    records.push({ fields, line: reader.line, raw: reader.raw() });
  }
  reader.close();
  return { records, plain };
}

/** A random field: plain, quoted (with delimiters, doubled quotes, line ends inside), empty, or with odd characters. */
function randomField(random: () => number, delimiter: string): string {
  const r = random();
  const word = () => 'abcXYZ019 .-'.repeat(3).slice(Math.floor(random() * 20), 12 + Math.floor(random() * 24));
  if (r < 0.45) return word();
  if (r < 0.55) return '';
  if (r < 0.7) return `"${word()}${delimiter}${word()}"`;
  if (r < 0.78) return `"${word()}""${word()}"""`;
  if (r < 0.81) return `"${word()}\n${word()}"`;
  if (r < 0.84) return `${word()}"${word()}`; // a quote inside an unquoted field is text
  if (r < 0.86) return `"${word()}"${word()}`; // text after a closing quote joins the field
  if (r < 0.88) return `${word()}\u0000`;
  if (r < 0.9) return `${word()}\uFFFD`;
  if (r < 0.92) return '""';
  return `${word()}\r`;
}

function randomFile(seed: number, rows: number, delimiter: string, lineEnd: string): string {
  const random = seededRandom(seed);
  const lines = [['a', 'b', 'c', 'd'].join(delimiter)];
  for (let i = 0; i < rows; i++) {
    if (random() < 0.03) {
      lines.push('');
      continue;
    }
    const n = 1 + Math.floor(random() * 6);
    lines.push(Array.from({ length: n }, () => randomField(random, delimiter)).join(delimiter));
  }
  const path = join(dir, `f${serial++}.csv`);
  writeFileSync(path, lines.join(lineEnd) + (random() < 0.5 ? lineEnd : ''));
  return path;
}

describe('CsvReader.nextSpans', () => {
  it('reads every record as next() does, on random text, with LF and CRLF, comma and semicolon', () => {
    for (const [seed, delimiter, lineEnd] of [
      [1, ',', '\n'],
      [2, ',', '\r\n'],
      [3, ';', '\n'],
      [4, ';', '\r\n'],
    ] as const) {
      // 6000 rows of up to 6 fields: several 64 KiB chunks, so records straddle their ends.
      const path = randomFile(seed, 6000, delimiter, lineEnd);
      const expected = readWithNext(path);
      const { records, plain } = readWithSpans(path, 5);
      expect(records).toEqual(expected);
      // Most records are plain: the test would pass vacuously if nextSpans declined them all.
      expect(plain).toBeGreaterThan(expected.length / 4);
      expect(plain).toBeLessThan(expected.length);
    }
  });

  it('steps back with unread(), so that next() reads the same record again', () => {
    const path = randomFile(5, 3000, ',', '\n');
    expect(readWithSpans(path, 7, 3).records).toEqual(readWithNext(path));
  });

  it('gives spans of the fields as they stand, quotes included, and leaves records with more fields than spans to next()', () => {
    const path = join(dir, 'small.csv');
    writeFileSync(path, 'a,b,c\n1,"x,""y""",\n\n4,5,6,7\n8,9,10');
    const reader = new CsvReader(path);
    reader.header();
    const spans = new Int32Array(6);
    expect(reader.nextSpans(spans)).toBe(3);
    const text = reader.chunk;
    expect([0, 1, 2].map((k) => text.slice(spans[2 * k], spans[2 * k + 1]))).toEqual(['1', '"x,""y"""', '']);
    expect(fieldText(text, spans[2], spans[3])).toBe('x,"y"');
    expect(reader.line).toBe(2);
    // The blank line is skipped; the next record has four fields, one more than there are spans for.
    expect(reader.nextSpans(spans)).toBe(NOT_PLAIN);
    expect(reader.next()).toEqual(['4', '5', '6', '7']);
    expect(reader.line).toBe(4);
    // The last line has no line end: next() reads it (it knows the file has ended).
    expect(reader.nextSpans(spans)).toBe(NOT_PLAIN);
    expect(reader.next()).toEqual(['8', '9', '10']);
    expect(reader.next()).toBeNull();
    reader.close();
  });

  it('leaves records with a NUL or U+FFFD to next(), whose callers reject them (suspect-text.ts)', () => {
    const path = join(dir, 'odd.csv');
    writeFileSync(path, 'a,b\n1,2\n3,x\u0000\n5,6\n7,\uFFFD\n9,10\n');
    const reader = new CsvReader(path);
    reader.header();
    const spans = new Int32Array(4);
    const read: (string | number)[] = [];
    for (;;) {
      const n = reader.nextSpans(spans);
      if (n !== NOT_PLAIN) {
        read.push(reader.line);
        continue;
      }
      const fields = reader.next();
      if (fields === null) break;
      read.push(`next ${reader.line}`);
    }
    expect(read).toEqual([2, 'next 3', 4, 'next 5', 6]);
    reader.close();
  });
});

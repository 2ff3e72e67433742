// The streaming CSV reader: quoting, line ends, byte order marks, delimiters and chunk boundaries.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvReader, MAX_RECORD_CHARS } from '../../pipeline/import/csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-csv-'));
let serial = 0;

/** Reads a CSV text through a file, returning the header, the records and their line numbers. */
function read(text: string | Buffer) {
  const path = join(dir, `f${serial++}.csv`);
  writeFileSync(path, text);
  const reader = new CsvReader(path);
  const header = reader.header();
  const records: string[][] = [];
  const lines: number[] = [];
  const raws: string[] = [];
  const problems: { line: number; problem: string }[] = [];
  for (let r = reader.next(); r !== null; r = reader.next()) {
    if (reader.problem) problems.push({ line: reader.line, problem: reader.problem });
    records.push(r);
    lines.push(reader.line);
    raws.push(reader.raw());
  }
  reader.close();
  return { header, records, lines, raws, problems, linesRead: reader.linesRead, delimiter: reader.delimiter };
}

describe('the CSV reader', () => {
  it('splits plain comma-separated lines', () => {
    expect(read('a,b,c\n1,2,3\n4,5,6\n')).toMatchObject({
      header: ['a', 'b', 'c'],
      records: [
        ['1', '2', '3'],
        ['4', '5', '6'],
      ],
      lines: [2, 3],
    });
  });

  it('keeps commas and doubled quotes inside quoted fields', () => {
    expect(read('a,b\n"x, y","say ""hi"""\n').records).toEqual([['x, y', 'say "hi"']]);
  });

  it('keeps newlines inside quoted fields and counts lines from where a record starts', () => {
    const { records, lines } = read('a,b\n"line 1\nline 2",z\n3,4\n');
    expect(records).toEqual([
      ['line 1\nline 2', 'z'],
      ['3', '4'],
    ]);
    expect(lines).toEqual([2, 4]);
  });

  it('accepts CRLF line ends, also after a quoted last field', () => {
    expect(read('a,b\r\n1,2\r\n3,"4"\r\n').records).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,naam\n1,Fryslân\n')]))).toMatchObject({
      header: ['id', 'naam'],
      records: [['1', 'Fryslân']],
    });
  });

  it('detects a semicolon delimiter on the header line', () => {
    expect(read('a;b\n1,5;2\n')).toMatchObject({ delimiter: ';', records: [['1,5', '2']] });
  });

  it('returns no header for an empty file', () => {
    expect(read('').header).toBeNull();
  });

  it('returns no records for a header-only file, with or without a final newline', () => {
    expect(read('a,b').records).toEqual([]);
    expect(read('a,b\r\n').records).toEqual([]);
  });

  it('skips blank lines but keeps counting them', () => {
    expect(read('a\n1\n\n2\n')).toMatchObject({ records: [['1'], ['2']], lines: [2, 4] });
  });

  it('reads the last record without a final newline', () => {
    expect(read('a,b\n1,2').records).toEqual([['1', '2']]);
  });

  it('gives the original text of each record for the rejects file', () => {
    expect(read('a,b\n"x\ny",2\r\n3,4\n').raws).toEqual(['"x\ny",2', '3,4']);
  });

  it('flags an unterminated quote at the end of the file', () => {
    const path = join(dir, 'open.csv');
    writeFileSync(path, 'a,b\n1,"never closed\n');
    const reader = new CsvReader(path);
    reader.header();
    expect(reader.next()).toEqual([]);
    expect(reader.problem).toBe('unterminated quoted field');
    expect(reader.raw()).toBe('1,"never closed');
  });

  it('reads records that straddle its read chunks, multi-byte characters included', () => {
    const rows: string[] = [];
    const pad = 'ë'.repeat(30);
    for (let i = 0; i < 120_000; i++) rows.push(i % 7 === 0 ? `${i},"qu""oted,\nrow ${pad}"` : `${i},plain ${pad} row`);
    const { records } = read(`n,text\n${rows.join('\n')}\n`);
    expect(records).toHaveLength(120_000);
    expect(records[119_994]).toEqual(['119994', `qu"oted,\nrow ${pad}`]);
    expect(records.every((r, i) => r[0] === String(i) && r.length === 2)).toBe(true);
  });

  it('counts the lines it read, blank ones and the header included', () => {
    expect(read('a,b\n1,2\n\n"3\n",4\n').linesRead).toBe(5);
    expect(read('a,b\n1,2').linesRead).toBe(2);
  });

  it('rejects a line longer than the record limit and goes on at the next line', () => {
    const long = 'x'.repeat(3 * MAX_RECORD_CHARS);
    const { records, problems, raws, lines, linesRead } = read(`a,b\n1,2\n3,${long}\n5,6\n`);
    expect(problems).toEqual([{ line: 3, problem: `line longer than ${MAX_RECORD_CHARS} characters: ${long.length + 2} characters` }]);
    expect(records).toEqual([['1', '2'], [], ['5', '6']]);
    expect(lines).toEqual([2, 3, 4]);
    expect(raws[1].length).toBeLessThan(300);
    expect(linesRead).toBe(4);
  });

  it('a stray quote in a big file rejects its own line only: the other rows are kept', () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i},row ${i} ${'-'.repeat(40)}`);
    rows[1] = '1,"stray quote';
    const { records, problems, lines } = read(`n,text\n${rows.join('\n')}\n`);
    expect(problems).toEqual([{ line: 3, problem: `record longer than ${MAX_RECORD_CHARS} characters (a quote that is never closed?)` }]);
    expect(records).toHaveLength(30_000);
    expect(records.filter((r) => r.length === 2)).toHaveLength(29_999);
    expect(records[29_999]).toEqual(['29999', `row 29999 ${'-'.repeat(40)}`]);
    expect(lines[29_999]).toBe(30_001);
  });
});

// Imports that must be refused with the database unchanged (no rows accepted, too many rejected,
// files that are not UTF-8 CSV text), and input the import must not silently reinterpret.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRelease, type ImportOptions } from '../../pipeline/import/index.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { boundariesDb, HEADER, LOPIK, writeCsv } from '../helpers/temp-db.ts';

const { db, dir } = boundariesDb();
/** Imports that are accepted go to another database, so `db` stays as it was. */
const scratch = boundariesDb().db;
let serial = 0;
let before: unknown;

/** Everything the releases leave in the database, to compare before and after. */
function snapshot(d: Database.Database) {
  return ['releases', 'addresses', 'area_stats', 'hex_stats'].map((t) => d.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all());
}

beforeAll(() => {
  importRelease(db, { release: '2024-12', files: [FIXTURE_FILES.release2024] });
  before = snapshot(db);
});
afterAll(() => {
  db.close();
  scratch.close();
});

function refused(files: string[], message: RegExp, options: Partial<ImportOptions> = {}): void {
  expect(() => importRelease(db, { release: '2024-12', files, ...options })).toThrow(message);
  expect(snapshot(db)).toEqual(before);
}

const good = (i: number) => `G${i},3411AB,${i + 1},${LOPIK},P,FTTH,1000,1000`;
const bad = (i: number) => `B${i},3411AB,${i + 1},${LOPIK},P,LASER,1000,1000`;

describe('imports that must be refused, with the database unchanged', () => {
  it('a header-only file', () => refused([writeCsv(dir, 'header.csv', [HEADER])], /No row was accepted: the files hold no rows/));

  it('a file whose every row is rejected, even with --allow-rejects', () => {
    const file = writeCsv(dir, 'all-bad.csv', [HEADER, bad(1), bad(2)]);
    refused([file], /No row was accepted: all 2 rows were rejected \(2× technology: unknown technology\)/, { allowRejects: true });
    // The message names a rejected row's file, line and field, so the file can be fixed without --rejects.
    refused([file], /For example: all-bad\.csv line 2, technology: unknown technology: 'LASER'/, { allowRejects: true });
  });

  it('a stray quote that swallows the rest of a small file keeps the other rows', () => {
    const rows = [HEADER, good(1), `S,"3411AB,9,${LOPIK},P,FTTH,1000,1000`, good(2), good(3), good(4), good(5)];
    const s = importRelease(scratch, { release: 'stray', files: [writeCsv(dir, 'stray.csv', rows)] });
    expect(s).toMatchObject({ lines_read: 7, rows_read: 6, rows_accepted: 5, rows_rejected: 1, addresses: 5 });
    expect(s.rejects_by_reason).toEqual({ 'unterminated quoted field': 1 });
  });

  it('more than 20 % of the rows rejected, unless rejects are allowed', () => {
    const rows = [HEADER, ...[1, 2, 3, 4, 5, 6, 7].map(good), bad(8), bad(9), bad(10)];
    const file = writeCsv(dir, 'many-bad.csv', rows);
    const rejectsPath = join(dir, 'many-bad.rejects.csv');
    refused([file], /3 of 10 rows were rejected \(30 %, more than 20 %\).*many-bad\.rejects\.csv.*--allow-rejects/, { rejectsPath });
    expect(readFileSync(rejectsPath, 'utf8').trim().split('\n')).toHaveLength(4);
    refused([file], /more than 25 %/, { maxRejectShare: 0.25 });
    expect(importRelease(scratch, { release: 'ok', files: [file], maxRejectShare: 0.3 })).toMatchObject({
      rows_accepted: 7,
      rows_rejected: 3,
    });
    expect(importRelease(scratch, { release: 'ok', files: [file], allowRejects: true })).toMatchObject({
      rows_accepted: 7,
      rows_rejected: 3,
    });
  });

  it('a file with CR-only line ends, saying so', () => {
    const file = join(dir, 'mac.csv');
    writeFileSync(file, `${[HEADER, good(1), good(2)].join('\r')}\r`);
    refused([file], /mac\.csv: cannot import this file: its lines end in a lone CR/);
  });

  it('reads a gzip file as the CSV inside it (compressed inputs are streamed, see test/register/)', () => {
    const file = join(dir, 'gzip.csv.gz');
    writeFileSync(file, gzipSync(`${HEADER}\n${good(1)}\n`));
    expect(importRelease(scratch, { release: 'gz', files: [file] })).toMatchObject({ rows_read: 1, rows_accepted: 1 });
  });

  it.each([
    ['zip', Buffer.from('504b0304140000000800', 'hex'), /zip\.csv: the zip archive is truncated, corrupt or empty/],
    ['zstd', Buffer.from('28b52ffd2000', 'hex'), /zstd\.csv: the zstd archive is truncated or corrupt/],
    [
      'UTF-16 with a BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n${good(1)}\n`, 'utf16le')]),
      /UTF-16 \(little-endian\) text; save it as UTF-8/,
    ],
    ['UTF-16 without a BOM', Buffer.from(`${HEADER}\n${good(1)}\n`, 'utf16le'), /UTF-16 \(little-endian\) text/],
    ['binary data', Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7919) % 256)), /this is binary data/],
  ])('a %s file, recognised by its bytes', (name, bytes, message) => {
    const file = join(dir, `${name.replace(/\W/g, '-')}.csv`);
    writeFileSync(file, bytes);
    refused([file], message);
  });
});

describe('values the import must not silently reinterpret', () => {
  function summaryOf(name: string, rows: (string | Buffer)[], options: Partial<ImportOptions> = {}) {
    const file = join(dir, name);
    writeFileSync(file, Buffer.concat(rows.map((r) => Buffer.concat([Buffer.from(r), Buffer.from('\n')]))));
    const rejectsPath = join(dir, `${name}.rejects.csv`);
    const s = importRelease(scratch, { release: `values-${serial++}`, files: [file], rejectsPath, allowRejects: true, ...options });
    return { s, rejects: readFileSync(rejectsPath, 'utf8').trim().split('\n').slice(1) };
  }

  it('refuses Latin-1 bytes with the line and a hint, reads them with --encoding windows-1252, and rejects NUL bytes', () => {
    const rows = [
      `${HEADER},street`,
      `${good(1)},Hoofdstraat`,
      Buffer.concat([Buffer.from(`${good(2)},Stra`), Buffer.from([0xdf]), Buffer.from('e')]),
      Buffer.concat([Buffer.from(`${good(3)},Caf`), Buffer.from([0xe9])]),
      Buffer.concat([Buffer.from(`${good(4)},Nul`), Buffer.from([0]), Buffer.from('weg')]),
    ];
    expect(() => summaryOf('latin1.csv', rows)).toThrow(
      /latin1\.csv:3: the file is not valid UTF-8 \(byte 0xdf\).*--encoding windows-1252/,
    );
    const { s } = summaryOf('latin1.csv', rows, { encoding: 'windows-1252' });
    expect(s).toMatchObject({ rows_read: 4, rows_accepted: 3, rows_rejected: 1 });
    expect(s.rejects_by_reason).toEqual({ 'street: NUL byte': 1 });
    expect(scratch.prepare("SELECT street FROM addresses WHERE street LIKE 'Stra%e' OR street LIKE 'Caf%'").pluck().all().sort()).toEqual([
      'Café',
      'Straße',
    ]);
  });

  it('rejects "1,000" as a speed and 1e3 as a house number instead of reading 1 and 1000', () => {
    const { s, rejects } = summaryOf('ambiguous.csv', [
      HEADER,
      good(1),
      `A2,3411AB,2,${LOPIK},P,FTTH,"1,000",1000`,
      `A3,3411AB,1e3,${LOPIK},P,FTTH,1000,1000`,
      `A4,3411AB,4,${LOPIK},P,FTTH,"1000,5",1000`,
    ]);
    expect(s).toMatchObject({ rows_read: 4, rows_accepted: 2, rows_rejected: 2 });
    expect(s.rejects_by_reason).toEqual({ 'max_down_mbps: ambiguous number': 1, 'house_number: not a whole number': 1 });
    expect(rejects.join('\n')).toContain("'1,000' (a thousands separator or a decimal comma?)");
  });
});

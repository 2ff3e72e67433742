// A register bigger than one insert chunk: repeated keys inside a chunk, across chunks and batches,
// and in the rows left over after the last whole chunk are all found, the first row of each key is
// the one kept, and the rejects file lists every repeat in file order, as a brute-force pass over
// the file says; the same read in the loading thread and in a worker, and when re-loading a label. A row
// skipped for any other reason is an error, not a repeat.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NUMBERS, TEXTS } from '../../pipeline/register/batch-reader.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { RegisterStore } from '../../pipeline/register/store.ts';
import { boundariesDb } from '../helpers/temp-db.ts';

const HEADER = 'straat;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;provincie;lat;lon';

/** Rows of an LJPc register in Lopik: house numbers 1..n, with repeats and bad rows at fixed places. */
function registerFile(path: string): { lines: string[] } {
  const numbers: (number | 'x')[] = [];
  for (let i = 1; i <= 5000; i++) numbers.push(i);
  // Repeats: in the same chunk of 64, in a later chunk, in a later batch (2048 rows), three times,
  // and among the last rows (after the last whole chunk).
  const repeats: [number, number][] = [
    [10, 20],
    [30, 31],
    [5, 300],
    [100, 2500],
    [7, 4000],
    [7, 4001],
    [4990, 4998],
    [1, 4999],
  ];
  for (const [number, at] of repeats.sort((a, b) => b[1] - a[1])) numbers.splice(at, 0, number);
  // Rows refused by the reader shift the chunks of accepted rows against the batches.
  for (const at of [3, 70, 2049, 4100]) numbers.splice(at, 0, 'x');
  const lines = numbers.map(
    (n, i) => `Straat ${i};${n};;;3412AK;Lopik;Lopik;Utrecht;${(51.94 + (i % 100) * 1e-5).toFixed(6)};${(4.89 + i * 1e-6).toFixed(6)}`,
  );
  writeFileSync(path, `${HEADER}\n${lines.join('\n')}\n`);
  return { lines };
}

/** What a plain pass over the rows says: the street of each kept row in order, and the repeats and refusals in file order. */
function oracle(lines: string[]) {
  const kept: string[] = [];
  const rejected: string[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const [street, number] = line.split(';');
    if (number === 'x') rejected.push(`${i + 2},house_number`);
    else if (seen.has(number)) rejected.push(`${i + 2},address`);
    else {
      seen.add(number);
      kept.push(street);
    }
  });
  return { kept, rejected };
}

describe('atlas register, more rows than an insert chunk', () => {
  for (const readInWorker of [false, true]) {
    it(`keeps the first row of each key and lists every repeat${readInWorker ? ' (read in a worker)' : ''}`, () => {
      const { db, dir } = boundariesDb();
      const file = join(dir, 'register.csv');
      const { lines } = registerFile(file);
      const expected = oracle(lines);
      const rejects = join(dir, 'rejects.csv');
      // Another register with the same keys first: its rows are no duplicates of this one's.
      loadRegister(db, { label: 'other', files: [file], readInWorker });
      for (const round of [1, 2]) {
        const s = loadRegister(db, { label: 'r', files: [file], rejectsPath: rejects, readInWorker });
        expect(s).toMatchObject({ rows_read: lines.length, addresses: expected.kept.length, duplicates: 8, rows_rejected: 12 });
        expect(s.rows_accepted + s.rows_rejected, `round ${round}`).toBe(s.rows_read);
        const streets = db
          .prepare("SELECT a.street FROM register_addresses a JOIN registers r ON r.id = a.register_id WHERE r.label = 'r' ORDER BY a.id")
          .pluck()
          .all();
        expect(streets).toEqual(expected.kept);
        const report = readFileSync(rejects, 'utf8').trim().split('\n').slice(1);
        expect(report.map((l) => l.split(',').slice(1, 3).join(','))).toEqual(expected.rejected);
        // Each listed row is the file's line as it stands.
        for (const l of report) expect(l.endsWith(`,${lines[Number(l.split(',')[1]) - 2]}`), l).toBe(true);
      }
      db.close();
    });
  }
});

describe('RegisterStore.addRows', () => {
  it('refuses a chunk or a row that SQLite skipped for anything but a repeated address_id', () => {
    const { db } = boundariesDb();
    const store = new RegisterStore(db, ['GM0331']);
    store.open('guard', null, ['canonical'], ['guard.csv']);
    /** `count` rows with ids a0.., row `nullAt` with no address_id (which OR IGNORE would skip silently). */
    const rows = (count: number, nullAt: number, first = 0) => {
      const text: (string | null)[] = [];
      const numbers = new Float64Array(count * NUMBERS);
      for (let r = 0; r < count; r++) {
        text.push(r === nullAt ? null : `a${first + r}`, '3412AK', null, null, 'Straat', 'Lopik');
        numbers.set([first + r + 1, 4.89, 51.94, 1, Number.NaN, 0], r * NUMBERS);
      }
      expect(text.length).toBe(count * TEXTS);
      return [text, numbers, count, new Uint8Array(count)] as const;
    };
    expect(store.addRows(...rows(64, -1))).toBe(0);
    // Repeats are skipped and counted.
    expect(store.addRows(...rows(64, -1))).toBe(64);
    expect(() => store.addRows(...rows(64, 5, 100))).toThrow(/1 of 64 rows from row 0 were skipped, 0 of them repeats/);
    expect(() => store.addRows(...rows(1, 0, 200))).toThrow(/1 of 1 rows from row 0 were skipped, 0 of them repeats/);
  });
});

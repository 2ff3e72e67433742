// RowParser parses only the offer of a row that repeats the address fields of the row before it. Oracle:
// a fresh parser for every row (which remembers nothing) gives the same row or the same problem, over
// seeded runs of rows that repeat, change one field, or carry a bad value anywhere.
import { describe, expect, it } from 'vitest';
import { KNOWN_COLUMNS, mapColumns } from '../../pipeline/import/columns.ts';
import { decimal, RowParser } from '../../pipeline/import/parse-row.ts';

const HEADER = KNOWN_COLUMNS.filter((c) => c !== 'x' && c !== 'y');
const BBOX: [number, number, number, number] = [3, 50, 8, 54];

/** Values each column takes at random: good ones, and a few a row must be rejected for. */
const VALUES: Record<string, string[]> = {
  address_id: ['A1', 'A2', ' A1 ', ''],
  postcode: ['3411AB', '3411 ab', '', 'x'.repeat(65)],
  house_number: ['1', '12', '0', 'twelve', ''],
  house_letter: ['', 'a', 'B'],
  house_number_suffix: ['', '2', 'bis'],
  street: ['Dorpsstraat', '', 's'.repeat(201)],
  city: ['Lopik', ''],
  municipality_code: ['', 'GM0331'],
  lon: ['4.95', '4,95', '4.951', '', 'east', '9.5'],
  lat: ['51.97', '51.971', '', '95'],
  provider: ['P', 'Q', '', 'p'.repeat(201)],
  technology: ['FTTH', 'cable', 'fibre?', ''],
  max_down_mbps: ['1000', '100', '1,000', '0.5', '', 'fast', '200000', '000012'],
  max_up_mbps: ['1000', '50', '', '-1', '1e3'],
};

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('RowParser', () => {
  it('parses a row that repeats the address of the row before as a fresh parser does', () => {
    const columns = mapColumns('test.csv', HEADER);
    const random = seeded(7);
    const pick = (column: string) => {
      const values = VALUES[column];
      // Mostly the first (good) value, so that long runs of one address occur.
      return random() < 0.8 ? values[0] : values[Math.floor(random() * values.length)];
    };
    const shared = new RowParser(columns, BBOX);
    let fields = HEADER.map(pick);
    let repeats = 0;
    let problems = 0;
    for (let i = 0; i < 20_000; i++) {
      const r = random();
      if (r < 0.6) {
        // The next offer of the same address: only offer fields change.
        fields = fields.map((v, c) => (c >= HEADER.indexOf('provider') ? pick(HEADER[c]) : v));
        repeats++;
      } else if (r < 0.8) {
        // One field changes, the address's or the offer's.
        const c = Math.floor(random() * HEADER.length);
        fields = fields.slice();
        fields[c] = pick(HEADER[c]);
      } else fields = HEADER.map(pick);
      // Each row is its own array, as the CSV reader gives them.
      const row = fields.slice();
      const got = shared.parse(row);
      expect(got).toEqual(new RowParser(columns, BBOX).parse(row.slice()));
      if ('reason' in got) problems++;
    }
    expect(repeats).toBeGreaterThan(10_000);
    expect(problems).toBeGreaterThan(1_000);
  });

  it('reads whole numbers as Number() does, and the rest as before', () => {
    for (const text of ['0', '7', '1000', '000012', '999999999999999', '1234567890123456', '0.5', '1e3', '-1', '+2', '1,5', ''])
      expect(decimal(text)).toBe(text === '' ? Number.NaN : Number(text.replace(',', '.')));
    expect(decimal('12a')).toBeNaN();
    expect(decimal('0x10')).toBeNaN();
  });
});

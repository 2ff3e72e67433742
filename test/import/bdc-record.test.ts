// BdcRowParser.checkRecord, the fast check of a plain FCC BDC record, against parse() as the
// oracle: on seeded random rows with one or two fields spoilt (spaces, case, quotes, leading zeros,
// decimals, out-of-range speeds, unknown codes, cells that are not resolution 8, long text), every
// row it accepts parse() accepts with the same values, every row it skips parse() skips, and the
// rows it leaves alone are parse()'s to judge. With and without --residential-only, and with a bbox
// that leaves some cells out.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cellToParent, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import type { BBox } from '../../pipeline/boundaries/geometry.ts';
import { BDC_COLUMNS, BdcRowParser, bdcRecord, COUNTY_DIGITS, SKIPPED } from '../../pipeline/import/bdc.ts';
import { CsvReader, NOT_PLAIN } from '../../pipeline/import/csv.ts';
import type { ConnectionRow } from '../../pipeline/import/parse-row.ts';
import { seededRandom } from '../helpers/random.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-bdc-record-'));

/** Spoils a value the ways real files do (or untidy ones might). */
const SPOILERS: ((v: string) => string)[] = [
  (v) => ` ${v}`,
  (v) => `${v} `,
  (v) => v.toLowerCase(),
  (v) => `"${v}"`,
  (v) => `"${v}""x"`,
  () => '',
  (v) => `0${v}`,
  (v) => `${v}.5`,
  (v) => `${v}0`,
  () => 'x',
  (v) => v.repeat(30),
  () => '-1',
  () => '1e3',
  () => '100001',
  () => '0x10',
  (v) => `${v},`,
  (v) => v.slice(1),
];

/** A random BDC record's fields, in BDC_COLUMNS order. */
function randomFields(random: () => number, cells: string[]): string[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const down = pick(['10', '25', '100', '1000', '2000', '0', '7.5', '100000']);
  return [
    '0001234567',
    pick(['130022', '130023']),
    pick(['Summit "Max" Cable', 'Plain Fiber', 'Comma, Wireless', ' Spaced ', '']),
    String(1_000_000_000 + Math.floor(random() * 50)),
    pick(['0', '10', '40', '50', '60', '61', '70', '71', '72', '99']),
    down,
    pick(['1', '20', down]),
    pick(['0', '1']),
    pick(['R', 'R', 'B', 'X']),
    'CA',
    `${pick(['06037', '01001', '41051'])}${String(Math.floor(random() * 1e10)).padStart(10, '0')}`,
    pick(cells),
  ];
}

function csvLine(fields: string[]): string {
  return fields.map((f) => (/[",\n]/.test(f) && !f.startsWith('"') ? `"${f.replaceAll('"', '""')}"` : f)).join(',');
}

/** The row as parse() has it, in checkRecord's terms. */
function asRecord(row: ConnectionRow) {
  return {
    addressId: row.addressId,
    county: Number(row.municipalityCode),
    lon: row.lon,
    lat: row.lat,
    cell: row.cell,
    provider: row.offer!.provider,
    technology: row.offer!.technology,
    down: row.offer!.down,
    up: row.offer!.up,
    lowLatency: row.offer!.low_latency,
    businessResidential: row.offer!.business_residential,
  };
}

function compare(seed: number, residentialOnly: boolean, bbox: BBox) {
  const random = seededRandom(seed);
  const cells = [
    latLngToCell(34.05, -118.25, 8),
    latLngToCell(34.05, -118.25, 8).toUpperCase(),
    latLngToCell(45.5, -122.6, 8),
    latLngToCell(21.3, -157.8, 8),
    cellToParent(latLngToCell(34.05, -118.25, 8), 7),
    latLngToCell(34.05, -118.25, 9),
    '8829ae6c55ffffg',
  ];
  const lines = [BDC_COLUMNS.join(',')];
  for (let i = 0; i < 4000; i++) {
    const fields = randomFields(random, cells);
    const spoilt = random() < 0.5 ? 0 : 1 + Math.floor(random() * 2);
    for (let s = 0; s < spoilt; s++) {
      const k = Math.floor(random() * fields.length);
      fields[k] = SPOILERS[Math.floor(random() * SPOILERS.length)](fields[k]);
    }
    // A field too many, or too few.
    const extra = random();
    lines.push(extra < 0.02 ? `${csvLine(fields)},x` : extra < 0.04 ? csvLine(fields.slice(1)) : csvLine(fields));
  }
  const path = join(dir, `bdc-${seed}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);

  const reader = new CsvReader(path);
  const header = reader.header()!;
  const fast = new BdcRowParser(header, bbox, residentialOnly);
  const oracle = new BdcRowParser(header, bbox, residentialOnly);
  const spans = new Int32Array(2 * (BDC_COLUMNS.length + 1));
  const record = bdcRecord();
  const verdicts = { accepted: 0, skipped: 0, left: 0, notPlain: 0, oracleAccepted: 0 };
  for (;;) {
    const n = reader.nextSpans(spans);
    const checked = n === NOT_PLAIN ? null : fast.checkRecord(reader.chunk, spans, n, record);
    if (n !== NOT_PLAIN) reader.unread();
    const fields = reader.next();
    if (fields === null) break;
    const parsed = oracle.parse(fields);
    if (parsed !== SKIPPED && !('reason' in parsed)) verdicts.oracleAccepted++;
    if (checked === null) verdicts.notPlain++;
    else if (checked === SKIPPED) {
      verdicts.skipped++;
      expect(parsed, `line ${reader.line}`).toBe(SKIPPED);
    } else if (checked) {
      verdicts.accepted++;
      expect(parsed !== SKIPPED && !('reason' in parsed), `line ${reader.line}: ${reader.raw()}`).toBe(true);
      expect({ ...record }, `line ${reader.line}`).toEqual(asRecord(parsed as ConnectionRow));
      expect(String(record.county).padStart(COUNTY_DIGITS, '0')).toBe((parsed as ConnectionRow).municipalityCode);
    } else verdicts.left++;
  }
  reader.close();
  return verdicts;
}

describe('BdcRowParser.checkRecord', () => {
  it('accepts only rows parse() accepts, with the same values, and skips only rows parse() skips', () => {
    const world: BBox = [-180, -90, 180, 90];
    const all = compare(1, false, world);
    // The check must take most clean rows, or the test says nothing about it (and the import gains nothing).
    expect(all.accepted).toBeGreaterThan(all.oracleAccepted * 0.8);
    expect(all.left).toBeGreaterThan(0);
    expect(all.skipped).toBe(0);
    const residential = compare(2, true, world);
    expect(residential.skipped).toBeGreaterThan(0);
    // Hawaii's cell lies outside this bbox (the US mainland's west): parse() rejects it, saying so.
    const west = compare(3, false, [-125, 30, -110, 50]);
    expect(west.accepted).toBeGreaterThan(0);
    expect(west.left).toBeGreaterThan(all.left / 2);
  });
});

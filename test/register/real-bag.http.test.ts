// The real BAG-derived registers of four provinces (../shared/data/bag-ljpc/, CC0, never copied into
// the repository): duplicates counted exactly, every address in the municipality the register names
// (checked against the file), disagreements with the polygons checked with turf, and a seeded
// coverage list over Flevoland with known unmatched and ambiguous rows. Skipped when the data is absent.
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { openWritable } from '../../common/schema.ts';
import { loadBoundaries } from '../../pipeline/boundaries/index.ts';
import { Rng } from '../../pipeline/demo/random.ts';
import { CsvReader } from '../../pipeline/import/csv.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { tempDir } from '../helpers/temp-db.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const BAG_DIR = [resolve(repoRoot, '../shared/data/bag-ljpc'), '/work/shared/data/bag-ljpc'].find((d) =>
  existsSync(join(d, 'Flevoland.csv.zst')),
);
if (!BAG_DIR) console.log('Skipping the real BAG register tests: ../shared/data/bag-ljpc/ is not there.');

/** Rows and repeated keys per province, as measured in the data's README. */
const PROVINCES = [
  { name: 'Flevoland', rows: 222_318, distinct: 222_210, repeated: 108 },
  { name: 'Zeeland', rows: 246_317, distinct: 245_846, repeated: 471 },
  { name: 'Drenthe', rows: 270_429, distinct: 270_033, repeated: 396 },
  { name: 'Friesland', rows: 374_936, distinct: 374_278, repeated: 658 },
];

interface FileAddress {
  postcode: string;
  number: string;
  letter: string;
  suffix: string;
  gemeente: string;
  lon: number;
  lat: number;
}

/** The file's addresses by key, first row wins: an oracle written apart from the importer's parser. */
function readProvince(name: string): Map<string, FileAddress> {
  const reader = new CsvReader(join(BAG_DIR!, `${name}.csv.zst`));
  expect(reader.header()).toEqual([
    'straat',
    'huisnummer',
    'huisletter',
    'huisnummertoevoeging',
    'postcode',
    'woonplaats',
    'gemeente',
    'provincie',
    'lat',
    'lon',
  ]);
  const byKey = new Map<string, FileAddress>();
  for (let f = reader.next(); f !== null; f = reader.next()) {
    const [, number, letter, suffix, postcode, , gemeente, , lat, lon] = f;
    const key = `${postcode}-${number}${letter}${suffix ? `-${suffix}` : ''}`;
    if (!byKey.has(key)) byKey.set(key, { postcode, number, letter, suffix, gemeente, lon: Number(lon), lat: Number(lat) });
  }
  reader.close();
  return byKey;
}

describe.skipIf(!BAG_DIR)('real BAG registers of four provinces', { timeout: 600_000 }, () => {
  const dir = tempDir();
  const path = join(dir, 'bag.sqlite');
  const db = openWritable(path);
  const areas = new Map<string, { code: string; geometry: Polygon | MultiPolygon }>();

  beforeAll(() => {
    loadBoundaries(db, {
      file: join(repoRoot, 'data/provincies_2024.geojson'),
      level: 'province',
      codeField: 'provinciecode',
      nameField: 'provincienaam',
    });
    loadBoundaries(db, {
      file: join(repoRoot, 'data/gemeenten_2024.geojson'),
      level: 'municipality',
      codeField: 'gemeentecode',
      nameField: 'gemeentenaam',
      parentField: 'provinciecode',
    });
    for (const a of db.prepare("SELECT code, name, geometry FROM areas WHERE level = 'municipality'").all() as {
      code: string;
      name: string;
      geometry: string;
    }[]) {
      areas.set(a.name, { code: a.code, geometry: JSON.parse(a.geometry) });
    }
  }, 600_000);

  for (const p of PROVINCES) {
    it(`${p.name}: duplicates counted exactly, every address in the municipality the register names`, () => {
      const s = loadRegister(db, { label: p.name, files: [join(BAG_DIR!, `${p.name}.csv.zst`)] });
      expect(s).toMatchObject({
        formats: ['ljpc'],
        rows_read: p.rows,
        addresses: p.distinct,
        duplicates: p.repeated,
        rows_rejected: p.repeated,
        areas_by_name: p.distinct,
        snapped: 0,
      });
      expect(s.rows_accepted + s.rows_rejected).toBe(s.rows_read);
      console.log(
        `${p.name}: ${s.addresses} addresses, ${s.duplicates} duplicates, ${s.disagreements} in a neighbour's polygon, ${s.named_in_no_polygon} in none; ${s.seconds} s`,
      );
      const file = readProvince(p.name);
      expect(file.size).toBe(p.distinct);
      const stored = db
        .prepare(`SELECT a.address_id, m.name FROM register_addresses a JOIN registers r ON r.id = a.register_id
        JOIN areas m ON m.code = a.area_code WHERE r.label = ?`)
        .raw()
        .all(p.name) as [string, string][];
      expect(stored).toHaveLength(p.distinct);
      let wrong = 0;
      for (const [key, municipality] of stored) if (file.get(key)?.gemeente !== municipality) wrong++;
      expect(wrong).toBe(0);
      if (p.name !== 'Flevoland') return;
      // Brute force with turf: a named address whose point is outside its own municipality's polygon
      // is either in a neighbour's (a disagreement) or in none.
      let outside = 0;
      for (const a of file.values()) if (!booleanPointInPolygon([a.lon, a.lat], areas.get(a.gemeente)!.geometry)) outside++;
      expect(s.disagreements + s.named_in_no_polygon).toBe(outside);
    });
  }

  it('Flevoland: a seeded coverage list with known unmatched and ambiguous rows gives exact counts', () => {
    const file = readProvince('Flevoland');
    const rng = new Rng(9);
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    const perNumber = new Map<string, number>();
    const perKey = new Map<string, number>();
    for (const a of file.values()) {
      count(perNumber, `${a.postcode}|${a.number}`);
      count(perKey, `${a.postcode}|${a.number}|${a.letter.toUpperCase()}|${a.suffix.toUpperCase()}`);
    }
    // List A: full key, English names, half of the addresses with FTTH, postcodes written in several ways.
    const a = ['postcode,house_number,house_letter,house_number_suffix,provider,technology,max_down_mbps,max_up_mbps'];
    const covered = new Set<string>();
    const withOffer = new Set<string>();
    let matched = 0;
    let ambiguous = 0;
    for (const [key, x] of file) {
      if (rng.next() >= 0.5) continue;
      const postcode = rng.next() < 0.2 ? `${x.postcode.slice(0, 4)} ${x.postcode.slice(4).toLowerCase()}` : x.postcode;
      a.push(
        [postcode, x.number, rng.next() < 0.5 ? x.letter.toLowerCase() : x.letter, x.suffix, 'Glasnet Flevo', 'FTTH', 1000, 1000].join(','),
      );
      // Letters compare case-insensitively: where the register has both 'a' and 'A', the row is ambiguous.
      if (perKey.get(`${x.postcode}|${x.number}|${x.letter.toUpperCase()}|${x.suffix.toUpperCase()}`) === 1) {
        matched++;
        covered.add(key);
        withOffer.add(key);
      } else ambiguous++;
    }
    const postcodes = [...new Set([...file.values()].map((x) => x.postcode))];
    let unmatched = 0;
    for (let i = 0; i < 37; i++, unmatched++)
      a.push([postcodes[rng.int(0, postcodes.length - 1)], 90_000 + i, '', '', 'Glasnet Flevo', 'FTTH', 1000, 1000].join(','));
    for (let i = 0; i < 3; i++) a.push([postcodes[i], 1, '', '', 'Glasnet Flevo', 'WARP', 1000, 1000].join(','));
    // List B: Dutch names without letter and suffix columns, so it matches on (postcode, number).
    const b = ['postcode;huisnummer;provider;technology;max_down_mbps;max_up_mbps'];
    for (const [key, x] of file) {
      if (rng.next() >= 0.1) continue;
      b.push([x.postcode, x.number, 'Straalnet', 'FWA', 100, 20].join(';'));
      const fits = perNumber.get(`${x.postcode}|${x.number}`)!;
      if (fits === 1) {
        matched++;
        withOffer.add(key);
      } else ambiguous++;
    }
    for (let i = 0; i < 5; i++, unmatched++) b.push([`99${i}9ZZ`, 1, 'Straalnet', 'FWA', 100, 20].join(';'));
    writeFileSync(join(dir, 'a.csv'), `${a.join('\n')}\n`);
    writeFileSync(join(dir, 'b.csv'), `${b.join('\n')}\n`);
    expect(ambiguous).toBeGreaterThan(100);
    const s = importRelease(db, {
      release: 'flevo',
      register: 'Flevoland',
      files: [join(dir, 'a.csv'), join(dir, 'b.csv')],
      matchReportPath: join(dir, 'match.csv'),
    });
    expect(s).toMatchObject({
      register: 'Flevoland',
      rows_read: a.length + b.length - 2,
      matched_rows: matched,
      unmatched_rows: unmatched,
      ambiguous_rows: ambiguous,
      rows_rejected: 3,
      addresses: 222_210,
      addresses_with_offer: withOffer.size,
      covered: covered.size,
      uncovered: 222_210 - covered.size,
    });
    console.log(
      `Flevoland join: ${s.rows_read} rows, ${s.matched_rows} matched, ${s.unmatched_rows} unmatched, ${s.ambiguous_rows} ambiguous in ${s.seconds} s`,
    );
  });
});

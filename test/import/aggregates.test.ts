// The aggregates an import writes (area, provider and hex stats, best offers) against brute-force counts.
import Database from 'better-sqlite3';
import { cellToLatLng, cellToParent, latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWN_THRESHOLDS, HEX_RESOLUTIONS, UP_THRESHOLDS, WIRELESS_TECHNOLOGIES, speedClass } from '../../common/constants.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { tempDir } from '../helpers/temp-db.ts';

type Row = Record<string, string | number>;
let db: Database.Database;

beforeAll(async () => {
  db = new Database(await buildFixtureDb(tempDir()), { readonly: true });
});
afterAll(() => db.close());

const sorted = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

/** Counts keyed rows from the addresses, the slow obvious way. */
function tally(entries: Row[]): Row[] {
  const counts = new Map<string, Row>();
  for (const e of entries) {
    const key = JSON.stringify(e);
    const row = counts.get(key) ?? { ...e, addresses: 0 };
    row.addresses = (row.addresses as number) + 1;
    counts.set(key, row);
  }
  return [...counts.values()];
}

function addresses(): Row[] {
  return db.prepare(`SELECT a.*, m.parent_code FROM addresses a JOIN areas m ON m.code = a.area_code ORDER BY a.id`).all() as Row[];
}

type OfferTuple = [string, string, number, number];

/**
 * Among the offers `keep` lets through: the class of the fastest download, and the class of the best
 * upload of the offers in that download class; 0, 0 without offers.
 */
function bestClasses(a: Row, keep: (o: OfferTuple) => boolean): { down_class: number; up_class: number } {
  const offers = (JSON.parse(a.offers as string) as OfferTuple[]).filter(keep);
  const down_class = speedClass(Math.max(0, ...offers.map((o) => o[2])), DOWN_THRESHOLDS);
  const up = Math.max(0, ...offers.filter((o) => speedClass(o[2], DOWN_THRESHOLDS) === down_class).map((o) => o[3]));
  return { down_class, up_class: speedClass(up, UP_THRESHOLDS) };
}
const fixedLine = (o: OfferTuple) => !(WIRELESS_TECHNOLOGIES as readonly string[]).includes(o[1]);

/** The (level, area_code) pairs an address counts in: its municipality, the parent, and 'all'. */
function levels(a: Row): [string, string][] {
  return [
    ['municipality', a.area_code as string],
    ['province', a.parent_code as string],
    ['all', ''],
  ];
}

describe('aggregates', () => {
  it('area_stats equal a brute-force count over the addresses', () => {
    const expected = tally(
      addresses().flatMap((a) =>
        levels(a).flatMap(([level, code]) => [
          { release_id: a.release_id, level, area_code: code, fixed_only: 0, technology: a.best_technology, ...bestClasses(a, () => true) },
          // Without satellite, fixed wireless and mobile: the classes of the best other offer.
          { release_id: a.release_id, level, area_code: code, fixed_only: 1, technology: a.best_technology, ...bestClasses(a, fixedLine) },
        ]),
      ),
    );
    expect(sorted(db.prepare('SELECT * FROM area_stats').all() as Row[])).toEqual(sorted(expected));
  });

  it("provider_stats count each address once per provider, by that provider's best offer", () => {
    const expected = tally(
      addresses().flatMap((a) => {
        const best = new Map<string, [number, number]>();
        for (const [provider, , down, up] of JSON.parse(a.offers as string) as [string, string, number, number][]) {
          const current = best.get(provider);
          if (!current || down > current[0] || (down === current[0] && up > current[1])) best.set(provider, [down, up]);
        }
        return [...best].flatMap(([provider, [down, up]]) =>
          levels(a).map(([level, code]) => ({
            release_id: a.release_id,
            level,
            area_code: code,
            provider,
            down_class: speedClass(down, DOWN_THRESHOLDS),
            up_class: speedClass(up, UP_THRESHOLDS),
          })),
        );
      }),
    );
    expect(sorted(db.prepare('SELECT * FROM provider_stats').all() as Row[])).toEqual(sorted(expected));
  });

  it('hex_stats equal a brute-force count per H3 cell at every resolution, with the cell centre', () => {
    const expected = tally(
      addresses().flatMap((a) =>
        HEX_RESOLUTIONS.flatMap((res) => {
          const cell = cellToParent(latLngToCell(a.lat as number, a.lon as number, 9), res);
          const row = { release_id: a.release_id, res, cell, technology: a.best_technology };
          return [
            { ...row, fixed_only: 0, ...bestClasses(a, () => true) },
            { ...row, fixed_only: 1, ...bestClasses(a, fixedLine) },
          ];
        }),
      ),
    );
    const actual = db.prepare('SELECT * FROM hex_stats').all() as Row[];
    // Keys in one order on both sides (JSON comparison).
    const keyed = (r: Row) => ({ ...expected[0], ...r });
    expect(sorted(actual.map(({ lon, lat, ...rest }) => keyed(rest)))).toEqual(sorted(expected.map(keyed)));
    for (const row of actual) {
      const [lat, lon] = cellToLatLng(row.cell as string);
      expect([row.lon, row.lat]).toEqual([lon, lat]);
    }
  });

  it('the best offer of an address is its fastest download, then upload', () => {
    for (const a of addresses()) {
      const offers = JSON.parse(a.offers as string) as [string, string, number, number][];
      const down = Math.max(0, ...offers.map((o) => o[2]));
      const up = Math.max(0, ...offers.filter((o) => o[2] === down).map((o) => o[3]));
      expect([a.best_down, a.best_up]).toEqual([down, up]);
      expect(a.down_class).toBe(speedClass(down, DOWN_THRESHOLDS));
    }
  });

  it('release counts agree with the addresses', () => {
    const releases = db
      .prepare(`SELECT r.addresses, r.covered, r.uncovered, count(a.id) n, sum(a.down_class = 3) c
      FROM releases r JOIN addresses a ON a.release_id = r.id GROUP BY r.id`)
      .all() as Row[];
    for (const r of releases) {
      expect([r.addresses, r.covered, r.uncovered]).toEqual([r.n, r.c, (r.n as number) - (r.c as number)]);
    }
  });

  it('normalises postcodes and keeps house letters and suffixes', () => {
    const postcodes = db.prepare('SELECT DISTINCT postcode FROM addresses').pluck().all() as string[];
    expect(postcodes.every((p) => /^\d{4}[A-Z]{2}$/.test(p))).toBe(true);
    expect(
      db.prepare('SELECT count(*) FROM addresses WHERE house_letter IS NOT NULL AND house_number_suffix IS NOT NULL').pluck().get(),
    ).toBeGreaterThan(0);
  });
});

// The FCC BDC fixed availability format: recognised by its header, every technology code mapped,
// GEOIDs and ids kept as text with leading zeros, brand names with commas and quotes, locations at
// their H3 res-8 cell centre, counties from the block GEOID (point-in-polygon only for a code
// us-atlas lacks, counted and reported), counts per county and state against a brute-force count
// of the generated rows, many files (plain, gzip, zip) in one release, and --residential-only.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellToLatLng, cellToParent, latLngToCell } from 'h3-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEX_RESOLUTIONS } from '../../common/constants.ts';
import { decodeOffers } from '../../common/offers.ts';
import { csvField } from '../../common/csv.ts';
import { openWritable } from '../../common/schema.ts';
import { BDC_TECHNOLOGIES, isBdcHeader } from '../../pipeline/import/bdc.ts';
import { ImportError, importRelease } from '../../pipeline/import/index.ts';
import {
  BDC_COUNTIES,
  BDC_TECHNOLOGY_CODES,
  bdcLine,
  bdcRows,
  LOCATED_IN,
  loadUsCounties,
  writeBdcFiles,
  type BdcRow,
} from '../helpers/bdc.ts';
import { tempDir } from '../helpers/temp-db.ts';

const dir = tempDir();
const path = join(dir, 'us.sqlite');
let rows: BdcRow[] = [];

beforeAll(async () => {
  const db = openWritable(path);
  await loadUsCounties(db);
  rows = bdcRows(db);
  db.close();
}, 60_000);

/** Per county (as the atlas places it): locations, and those whose best download reaches `down`. */
function bruteForce(selected: BdcRow[], down: number) {
  const best = new Map<string, { county: string; down: number }>();
  for (const r of selected) {
    const county = LOCATED_IN[r.block_geoid.slice(0, 5)] ?? r.block_geoid.slice(0, 5);
    const b = best.get(r.location_id);
    if (!b || r.down > b.down) best.set(r.location_id, { county, down: r.down });
  }
  const counts = new Map<string, { addresses: number; covered: number }>();
  for (const { county, down: d } of best.values()) {
    const c = counts.get(county) ?? { addresses: 0, covered: 0 };
    c.addresses++;
    if (d >= down) c.covered++;
    counts.set(county, c);
  }
  return Object.fromEntries([...counts].sort());
}

function storedCounts(db: ReturnType<typeof openWritable>, release: string, level: string) {
  const id = db.prepare('SELECT id FROM releases WHERE label = ?').pluck().get(release);
  const stats = db
    .prepare(
      `SELECT area_code, SUM(addresses) AS addresses, SUM(CASE WHEN down_class >= 2 THEN addresses ELSE 0 END) AS covered
         FROM area_stats WHERE release_id = ? AND level = ? AND fixed_only = 0 GROUP BY area_code ORDER BY area_code`,
    )
    .all(id, level) as { area_code: string; addresses: number; covered: number }[];
  return Object.fromEntries(stats.map((s) => [s.area_code, { addresses: s.addresses, covered: s.covered }]));
}

describe('the FCC BDC format', () => {
  it('is told by its header, in any column order', () => {
    const header =
      'frn,provider_id,brand_name,location_id,technology,max_advertised_download_speed,max_advertised_upload_speed,low_latency,business_residential_code,state_usps,block_geoid,h3_res8_id';
    expect(isBdcHeader(header.split(','))).toBe(true);
    expect(isBdcHeader(header.split(',').reverse())).toBe(true);
    expect(isBdcHeader([...header.split(','), 'extra'])).toBe(false);
    expect(isBdcHeader('address_id,lon,lat'.split(','))).toBe(false);
  });

  it('maps every technology code to the vocabulary', () => {
    expect(Object.fromEntries(BDC_TECHNOLOGIES)).toEqual({
      '0': 'OTHER',
      '10': 'DSL',
      '40': 'CABLE',
      '50': 'FTTH',
      '60': 'SATELLITE',
      '61': 'SATELLITE',
      '70': 'FWA',
      '71': 'FWA',
      '72': 'FWA',
    });
  });

  it('imports many files as one release: counts per county and state match a brute-force count', () => {
    const files = writeBdcFiles(tempDir(), rows);
    const db = openWritable(path);
    const summary = importRelease(db, { release: 'J24', asOf: '2024-06-30', files });
    expect(summary).toMatchObject({
      rows_read: rows.length,
      rows_accepted: rows.length,
      rows_rejected: 0,
      input_format: 'fcc-bdc',
      location_precision: 'h3r8',
      unknown_area_codes: { '02063': rows.filter((r) => r.block_geoid.startsWith('02063')).length },
    });
    expect(summary.rows_skipped).toBeUndefined();
    const truth = bruteForce(rows, 100);
    expect(storedCounts(db, 'J24', 'county')).toEqual(truth);
    expect(Object.keys(truth).sort()).toEqual([...new Set(BDC_COUNTIES.map((c) => LOCATED_IN[c] ?? c))].sort());
    // States are the counties' parents: their sums roll up.
    const byState: Record<string, { addresses: number; covered: number }> = {};
    for (const [county, c] of Object.entries(truth)) {
      const s = (byState[county.slice(0, 2)] ??= { addresses: 0, covered: 0 });
      s.addresses += c.addresses;
      s.covered += c.covered;
    }
    expect(storedCounts(db, 'J24', 'state')).toEqual(byState);
    expect(db.prepare("SELECT location_precision FROM releases WHERE label = 'J24'").pluck().get()).toBe('h3r8');
    // Read in a worker thread (as big inputs are), the same release results.
    importRelease(db, { release: 'J24-worker', files, readInWorker: true });
    expect(storedCounts(db, 'J24-worker', 'county')).toEqual(truth);
    db.close();
  });

  it('counts per H3 cell match a brute-force count down to resolution 8, for locations whose rows lie in several files', () => {
    // A location's rows in a later file are merged into the stored address: its counts move, not double.
    const spread = new Map<string, Set<string>>();
    for (const r of rows) spread.set(r.location_id, (spread.get(r.location_id) ?? new Set()).add(r.technology));
    expect([...spread.values()].some((codes) => codes.has('0') && codes.has('60'))).toBe(true); // plain and zip file
    const best = new Map<string, { cell: string; down: number }>();
    for (const r of rows) best.set(r.location_id, { cell: r.cell, down: Math.max(r.down, best.get(r.location_id)?.down ?? 0) });
    const truth: Record<string, { addresses: number; covered: number }> = {};
    for (const { cell, down } of best.values()) {
      const [lat, lon] = cellToLatLng(cell);
      // A cell finer than the location's own resolution-8 cell would show a precision the FCC data does not have.
      for (const res of HEX_RESOLUTIONS.filter((r) => r <= 8)) {
        const t = (truth[`${res} ${cellToParent(latLngToCell(lat, lon, 9), res)}`] ??= { addresses: 0, covered: 0 });
        t.addresses++;
        if (down >= 100) t.covered++;
      }
    }
    const db = openWritable(path);
    const stored = db
      .prepare(
        `SELECT res, cell, SUM(addresses) AS addresses, SUM(CASE WHEN down_class >= 2 THEN addresses ELSE 0 END) AS covered
           FROM hex_stats WHERE release_id = (SELECT id FROM releases WHERE label = 'J24') AND fixed_only = 0 GROUP BY res, cell`,
      )
      .all() as { res: number; cell: string; addresses: number; covered: number }[];
    db.close();
    expect(
      Object.fromEntries(
        stored.filter((s) => s.addresses !== 0).map((s) => [`${s.res} ${s.cell}`, { addresses: s.addresses, covered: s.covered }]),
      ),
    ).toEqual(truth);
  });

  it('keeps ids as text, places a location at its H3 cell centre, and stores every offer with its flags', () => {
    const db = openWritable(path);
    const release = db.prepare("SELECT id FROM releases WHERE label = 'J24'").pluck().get();
    const sample = rows.find((r) => r.block_geoid.startsWith('01001'))!;
    const stored = db
      .prepare('SELECT address_id, area_code, lon, lat, offers FROM addresses WHERE release_id = ? AND address_id = ?')
      .get(release, sample.location_id) as { address_id: string; area_code: string; lon: number; lat: number; offers: string };
    expect(stored.area_code).toBe('01001');
    const [lat, lon] = cellToLatLng(sample.cell);
    expect([stored.lon, stored.lat]).toEqual([lon, lat]);
    const expected = rows
      .filter((r) => r.location_id === sample.location_id)
      .map((r) => ({
        provider: r.brand_name,
        technology: BDC_TECHNOLOGIES.get(r.technology),
        down: r.down,
        up: r.up,
        low_latency: r.low_latency === 1,
        business_residential: r.brc,
      }));
    expect(new Set(decodeOffers(stored.offers).map((o) => JSON.stringify(o)))).toEqual(new Set(expected.map((o) => JSON.stringify(o))));
    // Every technology code reached the database in its vocabulary word, and every brand name intact.
    const offers = (db.prepare('SELECT offers FROM addresses WHERE release_id = ?').pluck().all(release) as string[]).flatMap(decodeOffers);
    expect(new Set(offers.map((o) => o.technology))).toEqual(new Set(BDC_TECHNOLOGY_CODES.map((c) => BDC_TECHNOLOGIES.get(c))));
    expect(new Set(offers.map((o) => o.provider))).toContain('Sky, "Orbit" & Co');
    expect(new Set(offers.map((o) => o.provider))).toContain('The "Best" Net');
    db.close();
  });

  it('rejects bad rows naming the field, and leaves business-only locations out with --residential-only', () => {
    const good = rows.find((r) => r.block_geoid.startsWith('06037') && r.brc === 'R')!;
    const bad = [
      bdcLine({ ...good, location_id: '9000000001', technology: '30' }),
      bdcLine({ ...good, location_id: '9000000002', cell: '8928308280fffff' }),
      bdcLine({ ...good, location_id: '9000000003', block_geoid: '6037000100100' }),
      bdcLine({ ...good, location_id: '9000000004', low_latency: 2 as 0 }),
    ];
    const files = writeBdcFiles(tempDir(), rows, bad);
    const db = openWritable(path);
    const summary = importRelease(db, { release: 'J24-residential', files, residentialOnly: true });
    const business = rows.filter((r) => r.brc === 'B');
    expect(business.length).toBeGreaterThan(0);
    expect(summary).toMatchObject({ rows_read: rows.length + 4, rows_rejected: 4, rows_skipped: business.length });
    expect(summary.rows_accepted).toBe(rows.length - business.length);
    expect(Object.keys(summary.rejects_by_reason).join('\n')).toMatch(/FCC technology code/);
    expect(storedCounts(db, 'J24-residential', 'county')).toEqual(
      bruteForce(
        rows.filter((r) => r.brc !== 'B'),
        100,
      ),
    );
    db.close();
  });

  it('rejects a later row that places a location in another cell or county, in another file too, keeping the first', () => {
    const first = rows.find((r) => r.block_geoid.startsWith('06037'))!;
    const moved = bdcLine({ ...first, technology: '50', cell: rows.find((r) => r.block_geoid.startsWith('01001'))!.cell });
    const recounted = bdcLine({ ...first, technology: '50', block_geoid: `01001${first.block_geoid.slice(5)}` });
    const dir = tempDir();
    const files = writeBdcFiles(dir, rows, [moved, recounted]);
    const db = openWritable(path);
    // Read in order, and by two readers at once (this thread and a worker, files in any order).
    for (const [release, split] of [
      ['J24-conflicts', false],
      ['J24-conflicts-split', true],
    ] as const) {
      const rejectsPath = join(dir, `${release}-rejects.csv`);
      const summary = importRelease(db, { release, files, readInWorker: split, splitReading: split, rejectsPath });
      expect(summary).toMatchObject({ rows_read: rows.length + 2, rows_rejected: 2 });
      expect(summary.rejects_by_reason).toEqual({ 'lon: conflicting location': 1, 'municipality_code: conflicting municipality': 1 });
      // The rejects file holds each rejected record as it stood in its file.
      const rejected = readFileSync(rejectsPath, 'utf8');
      for (const line of [moved, recounted]) expect(rejected).toContain(csvField(line));
      const id = db.prepare('SELECT id FROM releases WHERE label = ?').pluck().get(release);
      const stored = db
        .prepare('SELECT area_code, offers FROM addresses WHERE release_id = ? AND address_id = ?')
        .get(id, first.location_id) as {
        area_code: string;
        offers: string;
      };
      expect(stored.area_code).toBe('06037');
      expect(decodeOffers(stored.offers).length).toBe(rows.filter((r) => r.location_id === first.location_id).length);
    }
    // Both ways store the same addresses, offers in the same order.
    const addresses = (release: string) =>
      db
        .prepare(`SELECT address_id, area_code, lon, lat, offers, best_down, down_class, up_class FROM addresses
          WHERE release_id = (SELECT id FROM releases WHERE label = ?) ORDER BY address_id`)
        .all(release);
    expect(addresses('J24-conflicts-split')).toEqual(addresses('J24-conflicts'));
    db.close();
  });

  it('refuses to mix BDC files with connection CSV files in one release, changing nothing', () => {
    const work = tempDir();
    const [plain] = writeBdcFiles(work, rows);
    const csv = join(work, 'connections.csv');
    writeFileSync(csv, 'address_id,lon,lat\nA1,-86.6,32.5\n');
    const db = openWritable(path);
    const before = db.prepare('SELECT COUNT(*) FROM releases').pluck().get();
    expect(() => importRelease(db, { release: 'mixed', files: [plain, csv] })).toThrow(ImportError);
    expect(() => importRelease(db, { release: 'mixed', files: [plain, csv] })).toThrow(/cannot make one release/);
    expect(db.prepare('SELECT COUNT(*) FROM releases').pluck().get()).toBe(before);
    db.close();
  });
});

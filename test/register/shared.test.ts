// Releases over a register share its addresses (migration 17): what a release row keeps, the `addresses`
// view giving every reader the register's address, lookups by id and postcode, diffs against releases that
// hold their own addresses, a register loaded again under the releases that use it, and the migration.
import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { changedAddresses } from '../../common/changes.ts';
import { closeWritable, migrate, openWritable, SCHEMA_VERSION } from '../../common/schema.ts';
import { buildClusters } from '../../pipeline/clusters/index.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { openStore } from '../../server/store/index.ts';
import { BEFORE_SHARED_REGISTERS, downgradeSharedRegisters } from '../helpers/fixed-classes-downgrade.ts';
import { seededRandom } from '../helpers/random.ts';
import { tableChecksums } from '../helpers/table-checksums.ts';
import { loadFixtureBoundaries } from '../helpers/fixture-db.ts';
import { boundariesDb, tempDir, writeCsv } from '../helpers/temp-db.ts';
import { COVERAGE_FIXTURES, REGISTER_FIXTURES } from './fixtures.ts';

const COLUMNS = 'max_down_mbps=down,max_up_mbps=up';
const OWN = 'address_id, postcode, house_number, house_letter, house_number_suffix, street, city, area_code, lon, lat';
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A database with the canonical register fixture and release r1 joined to it. */
function sharedDb() {
  const b = boundariesDb(tempDir('atlas-shared-'));
  dirs.push(b.dir);
  loadRegister(b.db, { label: 'canon', files: [REGISTER_FIXTURES.canonical] });
  importRelease(b.db, { release: 'r1', asOf: '2024-01-01', register: 'canon', files: [COVERAGE_FIXTURES.byId], columns: COLUMNS });
  return b;
}

const releaseId = (db: Database.Database, label: string) =>
  db.prepare('SELECT id FROM releases WHERE label = ?').pluck().get(label) as number;

/** The addresses of a release as every reader sees them (the view), in address_id order. */
function viewed(db: Database.Database, label: string): unknown[] {
  return db
    .prepare(`SELECT ${OWN}, best_technology, down_class, up_class, offers FROM addresses WHERE release_id = ? ORDER BY address_id`)
    .raw()
    .all(releaseId(db, label));
}

/** The changed addresses of a pair as (address_id in from, address_id in to, from class, to class), sorted. */
function changes(db: Database.Database, from: string, to: string): string[] {
  const idOf = db.prepare('SELECT address_id FROM addresses WHERE id = ?').pluck();
  return [...changedAddresses(db, releaseId(db, from), releaseId(db, to))]
    .map((c) => `${c.fromId ? idOf.get(c.fromId) : '-'} ${c.toId ? idOf.get(c.toId) : '-'} ${c.fromDown}/${c.fromUp} ${c.toDown}/${c.toUp}`)
    .sort();
}

/** The same, the slow way: both releases' addresses compared by address_id through the view. */
function bruteChanges(db: Database.Database, from: string, to: string): string[] {
  const rows = (label: string) =>
    new Map(
      (
        db.prepare('SELECT address_id, down_class, up_class FROM addresses WHERE release_id = ?').raw().all(releaseId(db, label)) as [
          string,
          number,
          number,
        ][]
      ).map(([id, d, u]) => [id, `${d}/${u}`]),
    );
  const [f, t] = [rows(from), rows(to)];
  const out: string[] = [];
  for (const [id, c] of t) {
    const before = f.get(id);
    if (before === undefined) out.push(`- ${id} -1/-1 ${c}`);
    else if (before !== c) out.push(`${id} ${id} ${before} ${c}`);
  }
  for (const [id, c] of f) if (!t.has(id)) out.push(`${id} - ${c} -1/-1`);
  return out.sort();
}

describe('a release over a shared register', () => {
  it('keeps only its offers, classes, area and position; the view answers with the register address', () => {
    const { db } = sharedDb();
    const r1 = releaseId(db, 'r1');
    const own = db
      .prepare(`SELECT DISTINCT address_id, postcode, house_number, house_letter, house_number_suffix, street, city
        FROM address_rows WHERE release_id = ?`)
      .raw()
      .all(r1);
    expect(own).toEqual([['', null, null, null, null, null, null]]);
    const offset = db.prepare('SELECT register_offset FROM releases WHERE id = ?').pluck().get(r1) as number;
    expect(db.prepare('SELECT count(*) FROM address_rows WHERE release_id = ? AND id <> register_row + ?').pluck().get(r1, offset)).toBe(0);
    const register = db.prepare(`SELECT ${OWN} FROM register_addresses ORDER BY address_id`).raw().all();
    expect(viewed(db, 'r1').map((r) => (r as unknown[]).slice(0, 10))).toEqual(register);
    expect(register.length).toBeGreaterThan(10);
    closeWritable(db);
  });

  it('has the clusters that reading its rows back gives', () => {
    const { db } = sharedDb();
    const r1 = releaseId(db, 'r1');
    const clusters = () =>
      db
        .prepare(`SELECT c.down, c.up, c.addresses, c.area_codes, c.technologies, c.lon, c.lat, c.nearest_covered_m, c.geometry,
            (SELECT group_concat(a.address_id) FROM cluster_addresses x JOIN addresses a ON a.id = x.address_rowid WHERE x.cluster_id = c.id) AS members
          FROM clusters c WHERE c.release_id = ? ORDER BY c.down, c.up, c.addresses DESC, members`)
        .all(r1);
    const joined = clusters();
    expect(joined.length).toBeGreaterThan(0);
    buildClusters(db, r1);
    expect(clusters()).toEqual(joined);
    closeWritable(db);
  });

  it('is found by address id, postcode and postcode prefix through the register', () => {
    const { db, path } = sharedDb();
    closeWritable(db);
    const store = openStore(path);
    try {
      const r1 = store.releases.resolve('r1').id;
      const byId = store.addresses.byId(r1, 'A002');
      expect(byId).toMatchObject({ address_id: 'A002', postcode: '3412BC', house_number: 167, street: 'Lopikerweg Oost', city: 'Lopik' });
      expect(store.addresses.byId(r1, 'A999')).toBeUndefined();
      expect(store.addresses.byPostcode(r1, { postcode: '3412 bc', house_number: 167 }).map((a) => a.address_id)).toEqual(['A002']);
      const prefix = store.addresses.byPostcodePrefix(r1, '3412', 50);
      const expected = store.db
        .prepare(
          "SELECT address_id FROM register_addresses WHERE postcode LIKE '3412%' ORDER BY postcode, house_number, house_letter, house_number_suffix",
        )
        .pluck()
        .all();
      expect(expected.length).toBeGreaterThan(1);
      expect(prefix.map((a) => a.address_id)).toEqual(expected);
      expect(store.addresses.byPostcodePrefix(r1, '3412', 1).map((a) => a.address_id)).toEqual(expected.slice(0, 1));
    } finally {
      store.close();
    }
  });

  it('is diffed exactly against a release holding its own addresses, both ways', () => {
    const { db, dir } = sharedDb();
    // The register's addresses as a canonical connection file: A001 lost its fibre, A005 gone, Z001 new.
    const rows = db
      .prepare('SELECT address_id, postcode, house_number, street, city, lon, lat FROM register_addresses ORDER BY id')
      .raw()
      .all() as [string, string, number, string, string, number, number][];
    const lines = ['address_id;postcode;house_number;street;city;lon;lat;provider;technology;max_down_mbps;max_up_mbps'];
    for (const [id, postcode, number, street, city, lon, lat] of rows) {
      if (id === 'A005') continue;
      const offer = id === 'A001' ? 'Koperdraad;VDSL;80;20' : 'Polderglas;FTTH;1000;1000';
      lines.push([id, postcode, number, street, city, lon, lat, offer].join(';'));
    }
    const [, postcode, number, street, city, lon, lat] = rows[0];
    lines.push(['Z001', postcode, number + 1000, street, city, lon, lat, 'Polderglas;FTTH;1000;1000'].join(';'));
    importRelease(db, { release: 'own', asOf: '2024-07-01', files: [writeCsv(dir, 'own.csv', lines)] });
    importRelease(db, { release: 'r2', asOf: '2025-01-01', register: 'canon', files: [COVERAGE_FIXTURES.byId], columns: COLUMNS });
    for (const [from, to] of [
      ['r1', 'own'],
      ['own', 'r2'],
      ['r1', 'r2'],
    ]) {
      const brute = bruteChanges(db, from, to);
      expect(changes(db, from, to), `${from}>${to}`).toEqual(brute);
      if (from !== 'r1' || to !== 'r2') expect(brute.length, `${from}>${to}`).toBeGreaterThan(2);
    }
    expect(bruteChanges(db, 'r1', 'own')).toContain('A005 - 0/0 -1/-1');
    closeWritable(db);
  });

  it('keeps its addresses when the register is loaded again under the same label', () => {
    const { db, path } = sharedDb();
    const before = viewed(db, 'r1');
    loadRegister(db, { label: 'canon', files: [REGISTER_FIXTURES.nlextract] });
    expect(viewed(db, 'r1')).toEqual(before);
    const r1 = releaseId(db, 'r1');
    expect(db.prepare('SELECT register_offset FROM releases WHERE id = ?').pluck().get(r1)).toBeNull();
    expect(db.prepare('SELECT count(*) FROM address_rows WHERE release_id = ? AND register_row IS NOT NULL').pluck().get(r1)).toBe(0);
    // A release joined to the new register shares it again.
    importRelease(db, { release: 'r2', register: 'canon', files: [COVERAGE_FIXTURES.byKey] });
    expect(db.prepare("SELECT register_offset IS NOT NULL FROM releases WHERE label = 'r2'").pluck().get()).toBe(1);
    closeWritable(db);
    const store = openStore(path);
    try {
      expect(store.addresses.byId(store.releases.resolve('r1').id, 'A002')).toMatchObject({
        postcode: '3412BC',
        street: 'Lopikerweg Oost',
      });
    } finally {
      store.close();
    }
  });

  it('a database from before the migration reads the same after it; releases joined then keep their own addresses', () => {
    const { db, path } = sharedDb();
    const before = viewed(db, 'r1');
    downgradeSharedRegisters(db);
    db.pragma(`user_version = ${BEFORE_SHARED_REGISTERS}`);
    closeWritable(db);
    const again = openWritable(path);
    migrate(again, path);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(viewed(again, 'r1')).toEqual(before);
    expect(again.prepare('SELECT count(*) FROM address_rows WHERE register_row IS NOT NULL').pluck().get()).toBe(0);
    closeWritable(again);
  });
});

describe('the join writing the register rows in chunks and counting them', () => {
  /** A seeded register of `n` addresses over four fixture municipalities and a list giving most of them 1-3 offers. */
  function generated(dir: string, n: number) {
    const random = seededRandom(11);
    const places = [
      ['Lopik', 'GM0331', 4.89189, 51.94518],
      ['Montfoort', 'GM0335', 4.99802, 52.05856],
      ['IJsselstein', 'GM0353', 5.0591, 52.017],
      ['Oudewater', 'GM0589', 4.8479, 52.05398],
    ] as const;
    const offers = [
      ['Polderglas', 'FTTH', 1000, 1000],
      ['Kabelnet', 'DOCSIS3.1', 1000, 50],
      ['Koperweg', 'VDSL', 100, 30],
      ['Luchtlink', 'FWA', 50, 10],
    ] as const;
    const register = ['address_id,postcode,house_number,house_letter,house_number_suffix,street,city,municipality_code,lon,lat'];
    const list = ['postcode,house_number,provider,technology,max_down_mbps,max_up_mbps'];
    for (let i = 0; i < n; i++) {
      const [city, code, lon, lat] = places[i % places.length];
      const postcode = `${3400 + (i % 97)}AB`;
      const number = 1 + Math.floor(i / 97);
      register.push(
        `G${i},${postcode},${number},,,Straat,${city},${code},${(lon + random() * 0.01).toFixed(5)},${(lat + random() * 0.01).toFixed(5)}`,
      );
      const k = Math.floor(random() * 4);
      for (let o = 0; o < k; o++) list.push(`${postcode},${number},${offers[Math.floor(random() * offers.length)].join(',')}`);
    }
    return { register: writeCsv(dir, 'register.csv', register), list: writeCsv(dir, 'list.csv', list) };
  }

  it("gives the same database in one chunk or many, counted in this thread or in a worker, chunks posted ahead or not, with the register's stored point index or without, with aggregates its rows give", () => {
    const dir = tempDir('atlas-join-chunks-');
    dirs.push(dir);
    const files = generated(dir, 2000);
    const build = (options: { aggregateInWorker: boolean; joinChunkRows?: number; joinListsAhead?: number; storedPoints?: false }) => {
      const b = boundariesDb(tempDir('atlas-join-chunks-'));
      dirs.push(b.dir);
      loadRegister(b.db, { label: 'gen', files: [files.register] });
      expect(b.db.prepare('SELECT entries FROM register_points').pluck().get()).toBe(2000);
      // Without the register's stored point index (a register loaded before it was stored), the join builds its own.
      if (options.storedPoints === false) b.db.exec('DELETE FROM register_points');
      const summary = importRelease(b.db, { release: 'r1', register: 'gen', files: [files.list], ...options });
      // The area counts against the rows as the view gives them (the oracle): addresses per area, technology and classes.
      const r1 = releaseId(b.db, 'r1');
      const counted = b.db
        .prepare(`SELECT area_code, technology, down_class, up_class, addresses FROM area_stats
          WHERE release_id = ? AND level = 'municipality' AND fixed_only = 0 ORDER BY 1, 2, 3, 4`)
        .raw()
        .all(r1);
      const fromRows = b.db
        .prepare(`SELECT area_code, best_technology, down_class, up_class, count(*) FROM addresses
          WHERE release_id = ? GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`)
        .raw()
        .all(r1);
      expect(counted).toEqual(fromRows);
      closeWritable(b.db);
      const { register_points: _, ...tables } = tableChecksums(b.path);
      return { summary: { ...summary, seconds: 0 }, tables };
    };
    const base = build({ aggregateInWorker: false });
    expect(base.summary.addresses).toBe(2000);
    expect(base.summary.addresses_with_offer).toBeGreaterThan(1000);
    expect(base.tables.clusters.rows).toBeGreaterThan(0);
    expect(build({ aggregateInWorker: false, joinChunkRows: 97 })).toEqual(base);
    expect(build({ aggregateInWorker: true, joinChunkRows: 97 })).toEqual(base);
    // Chunks posted to the worker one at a time (the bound on lists ahead of the writes), and all at once.
    expect(build({ aggregateInWorker: true, joinChunkRows: 97, joinListsAhead: 1 })).toEqual(base);
    expect(build({ aggregateInWorker: true })).toEqual(base);
    expect(build({ aggregateInWorker: true, storedPoints: false })).toEqual(base);
    expect(build({ aggregateInWorker: false, storedPoints: false })).toEqual(base);
  });

  it('fails, storing nothing, when the aggregate worker cannot read the register (an in-memory database)', () => {
    const db = openWritable(':memory:');
    loadFixtureBoundaries(db);
    loadRegister(db, { label: 'canon', files: [REGISTER_FIXTURES.canonical] });
    // A worker would need its own connection to the same data, which an in-memory database cannot give.
    expect(() =>
      importRelease(db, { release: 'r1', register: 'canon', files: [COVERAGE_FIXTURES.byId], columns: COLUMNS, aggregateInWorker: true }),
    ).toThrow(/counting the aggregates failed/);
    expect(db.prepare('SELECT count(*) FROM releases').pluck().get()).toBe(0);
    // Left to choose, the join counts in its own thread there, and succeeds.
    const summary = importRelease(db, { release: 'r1', register: 'canon', files: [COVERAGE_FIXTURES.byId], columns: COLUMNS });
    expect(summary.addresses).toBeGreaterThan(0);
    expect(summary.addresses).toBe(db.prepare(`SELECT addresses FROM registers WHERE label = 'canon'`).pluck().get());
    db.close();
  });

  it('refuses, changing nothing, a register whose areas the boundaries no longer hold, counted in either thread', () => {
    for (const aggregateInWorker of [false, true]) {
      const { db, dir } = boundariesDb(tempDir('atlas-join-areas-'));
      dirs.push(dir);
      loadRegister(db, { label: 'canon', files: [REGISTER_FIXTURES.canonical] });
      db.prepare(`UPDATE register_addresses SET area_code = 'GM9999' WHERE area_code = 'GM0589'`).run();
      expect(() =>
        importRelease(db, { release: 'r1', register: 'canon', files: [COVERAGE_FIXTURES.byId], columns: COLUMNS, aggregateInWorker }),
      ).toThrow(/assigns addresses to area GM9999, which the loaded boundaries lack/);
      expect(db.prepare('SELECT count(*) FROM releases').pluck().get()).toBe(0);
      closeWritable(db);
    }
  });
});

// Schema migration 5 (fixed-line classes, issue 12) on a database of the previous layout: what it
// computes from the stored offers equals what a fresh import writes, row for row.
import Database from 'better-sqlite3';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UP_THRESHOLDS, speedClass } from '../../common/constants.ts';
import { SCHEMA_VERSION, closeWritable, migrate, openWritable } from '../../common/schema.ts';
import { BEFORE_FIXED_CLASSES, downgradeFixedClasses as downgrade } from '../helpers/fixed-classes-downgrade.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { tempDir } from '../helpers/temp-db.ts';

let fresh: Database.Database;
let migrated: Database.Database;

/** A release of three addresses in Lopik whose classes the migration must get right. */
const MIXED = [
  'address_id,postcode,house_number,lon,lat,provider,technology,max_down_mbps,max_up_mbps',
  // Cable 2000/200 and fibre 1000/1000: symmetric gigabit, although the fastest offer is not.
  'M1,3411AA,1,4.97,51.97,Kabel,DOCSIS3.1,2000,200',
  'M1,3411AA,1,4.97,51.97,Glas,FTTH,1000,1000',
  // Fixed wireless 1000/1000 and VDSL: with fixed lines only, 80/20.
  'M2,3411AA,2,4.97,51.97,Lucht,FWA,1000,1000',
  'M2,3411AA,2,4.97,51.97,Koper,VDSL,80,20',
  // Satellite alone: nothing with fixed lines only.
  'M3,3411AA,3,4.971,51.971,Ster,SATELLITE,250,20',
].join('\n');

beforeAll(async () => {
  const dir = tempDir();
  const path = await buildFixtureDb(dir);
  const csv = join(dir, 'mixed.csv');
  writeFileSync(csv, `${MIXED}\n`);
  const writable = openWritable(path);
  importRelease(writable, { release: 'mixed', asOf: '2025-01-31', files: [csv], synthetic: true });
  closeWritable(writable);
  const old = join(dir, 'old.db');
  copyFileSync(path, old);
  const db = new Database(old);
  downgrade(db);
  expect(db.pragma('user_version', { simple: true })).toBe(BEFORE_FIXED_CLASSES);
  migrate(db, old);
  db.close();
  fresh = new Database(path, { readonly: true });
  migrated = new Database(old, { readonly: true });
});

afterAll(() => {
  fresh?.close();
  migrated?.close();
});

const all = (db: Database.Database, sql: string) => db.prepare(sql).all();

describe('migration to schema 5', () => {
  it('is at the current version', () => {
    expect(migrated.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('classes the mixed addresses: symmetric through the fibre offer, fixed lines without the wireless ones', () => {
    for (const db of [fresh, migrated]) {
      const rows = db
        .prepare(
          'SELECT address_id, down_class, up_class, fixed_down_class, fixed_up_class FROM addresses WHERE address_id LIKE ? ORDER BY 1',
        )
        .raw()
        .all('M%');
      expect(rows).toEqual([
        ['M1', 3, 4, 3, 4],
        ['M2', 3, 4, 1, 1],
        ['M3', 2, 1, 0, 0],
      ]);
    }
  });

  it('computes every address’s fixed-line classes from its offers as the import does', () => {
    const sql = 'SELECT id, down_class, up_class, fixed_down_class, fixed_up_class FROM addresses ORDER BY id';
    const want = all(fresh, sql);
    expect(all(migrated, sql)).toEqual(want);
    // Some address's fixed classes differ from its best offer's: the comparison can fail.
    expect(all(fresh, 'SELECT id FROM addresses WHERE fixed_down_class <> down_class').length).toBeGreaterThan(0);
    // And some up_class is not the best offer's upload class: the migration recomputed it.
    const oldUp = all(fresh, 'SELECT id, best_up, up_class FROM addresses') as { best_up: number; up_class: number }[];
    expect(oldUp.filter((a) => speedClass(a.best_up, UP_THRESHOLDS) !== a.up_class).length).toBeGreaterThan(0);
  });

  it('fills area_stats (both halves, every level) and hex_stats (upload, technology, both halves) as the import does', () => {
    const areaSql = 'SELECT * FROM area_stats ORDER BY release_id, level, area_code, fixed_only, technology, down_class, up_class';
    expect(all(migrated, areaSql)).toEqual(all(fresh, areaSql));
    const hexSql = 'SELECT * FROM hex_stats ORDER BY release_id, res, fixed_only, cell, technology, down_class, up_class';
    expect(all(migrated, hexSql)).toEqual(all(fresh, hexSql));
    expect(all(fresh, 'SELECT 1 FROM area_stats WHERE fixed_only = 1').length).toBeGreaterThan(0);
  });

  it('builds the index uncovered lists use with fixed_only', () => {
    const index = migrated.prepare("SELECT sql FROM sqlite_master WHERE name = 'addresses_uncovered_fixed'").pluck().get();
    expect(index).toMatch(/fixed_down_class, fixed_up_class/);
  });
});

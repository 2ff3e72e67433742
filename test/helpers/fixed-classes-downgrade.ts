// Takes a current database back to the layout and meaning of the schema before the fixed-line
// migration (issue 12), keeping its data: for the tests of that migration and of migrations before it.
// The address grid index, the definitions' tiers and ramp, the clusters' upload, the boundary credits and the
// pre-rendered tiles that came after it are dropped too, and releases sharing a register get their own addresses.
import type Database from 'better-sqlite3';
import { UP_THRESHOLDS, speedClass } from '../../common/constants.ts';
import { ADDRESS_GRID_SQL, addressesView } from '../../common/schema.ts';
import { detachReleases } from '../../pipeline/register/detach-releases.ts';

/** The schema version before the fixed-line migration (the 10th). */
export const BEFORE_FIXED_CLASSES = 9;

/** The schema version before the partial uncovered indexes (migration 20). */
export const BEFORE_PARTIAL_UNCOVERED = 19;

/** The schema version before shared registers (migration 17), offer sets (18) and register keys (19). */
export const BEFORE_SHARED_REGISTERS = 16;

/** Undoes migrations 22 and 21 (the register's point index and grid index): addresses_by_grid holds every release's rows again. */
export function downgradeRegisterGrid(db: Database.Database): void {
  db.exec(`
    DROP TABLE register_points;
    DROP INDEX register_addresses_by_grid;
    DROP INDEX addresses_by_grid;
    CREATE INDEX addresses_by_grid ON address_rows(release_id, ${ADDRESS_GRID_SQL}, lon, lat, down_class, up_class, fixed_down_class, fixed_up_class);
  `);
}

/** Undoes migrations 21 and 19 (the register's grid index, register keys): joins read the register's rows. */
export function downgradeRegisterKeys(db: Database.Database): void {
  downgradeRegisterGrid(db);
  db.exec('DROP TABLE register_keys; DROP TABLE register_key_arrays;');
}

/** Undoes migrations 19 and 18 (register keys, offer sets): every row carries its offers again. */
export function downgradeOfferSets(db: Database.Database): void {
  downgradeRegisterKeys(db);
  db.exec(`
    UPDATE address_rows SET offers = (SELECT offers FROM offer_sets WHERE id = address_rows.offer_set) WHERE offer_set IS NOT NULL;
    DROP VIEW addresses;
    ALTER TABLE address_rows DROP COLUMN offer_set;
    DROP TABLE offer_sets;
    ${addressesView(false)}
  `);
}

/**
 * Undoes migrations 18 and 17 (offer sets, shared registers): releases sharing a register get their own copy of its addresses,
 * and the view `addresses` becomes the table again with its full indexes.
 */
export function downgradeSharedRegisters(db: Database.Database): void {
  downgradeOfferSets(db);
  const registers = db.prepare('SELECT DISTINCT register_id FROM releases WHERE register_offset IS NOT NULL').pluck().all() as number[];
  for (const register of registers) detachReleases(db, register);
  db.exec(`
    DROP VIEW addresses;
    DROP INDEX addresses_by_id;
    DROP INDEX addresses_by_postcode;
    ALTER TABLE address_rows DROP COLUMN register_row;
    ALTER TABLE releases DROP COLUMN register_offset;
    ALTER TABLE address_rows RENAME TO addresses;
    CREATE UNIQUE INDEX addresses_by_id ON addresses(release_id, address_id);
    CREATE INDEX addresses_by_postcode ON addresses(release_id, postcode, house_number);
  `);
}

export function downgradeFixedClasses(db: Database.Database): void {
  downgradeSharedRegisters(db);
  // Before version 5 up_class was the class of the best offer's upload.
  const setUp = db.prepare('UPDATE addresses SET up_class = ? WHERE id = ?');
  for (const a of db.prepare('SELECT id, best_up FROM addresses').all() as { id: number; best_up: number }[]) {
    setUp.run(speedClass(a.best_up, UP_THRESHOLDS), a.id);
  }
  db.exec(`
    DROP INDEX addresses_by_grid;
    ALTER TABLE coverage_definitions DROP COLUMN tiers;
    ALTER TABLE coverage_definitions DROP COLUMN ramp;
    ALTER TABLE clusters DROP COLUMN up;
    DROP TABLE boundary_credits;
    DROP TABLE tile_blobs;
    DROP TABLE tile_sets;
    DROP INDEX addresses_uncovered_fixed;
    ALTER TABLE addresses DROP COLUMN fixed_down_class;
    ALTER TABLE addresses DROP COLUMN fixed_up_class;
    CREATE TABLE old_area_stats (release_id INTEGER NOT NULL, level TEXT NOT NULL, area_code TEXT NOT NULL, technology TEXT NOT NULL,
      down_class INTEGER NOT NULL, up_class INTEGER NOT NULL, addresses INTEGER NOT NULL,
      PRIMARY KEY (release_id, level, area_code, technology, down_class, up_class)) WITHOUT ROWID;
    INSERT INTO old_area_stats SELECT release_id, level, area_code, technology, down_class, up_class, addresses FROM area_stats WHERE fixed_only = 0;
    DROP TABLE area_stats;
    ALTER TABLE old_area_stats RENAME TO area_stats;
    CREATE TABLE old_hex_stats (release_id INTEGER NOT NULL, res INTEGER NOT NULL, cell TEXT NOT NULL, down_class INTEGER NOT NULL,
      addresses INTEGER NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL, PRIMARY KEY (release_id, res, cell, down_class)) WITHOUT ROWID;
    INSERT INTO old_hex_stats SELECT release_id, res, cell, down_class, SUM(addresses), lon, lat FROM hex_stats WHERE fixed_only = 0
      GROUP BY release_id, res, cell, down_class;
    DROP TABLE hex_stats;
    ALTER TABLE old_hex_stats RENAME TO hex_stats;
    PRAGMA user_version = ${BEFORE_FIXED_CLASSES};
  `);
}

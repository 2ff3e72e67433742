// Before a register is replaced, the releases that share its addresses (common/schema.ts, migration 17)
// are given their own copy of them, so that they keep describing the addresses they were joined to.
import type Database from 'better-sqlite3';

/** Copies the register's address columns into the rows of every release sharing it. Returns the releases detached. */
export function detachReleases(db: Database.Database, registerId: number): number {
  const releases = db
    .prepare('SELECT id FROM releases WHERE register_id = ? AND register_offset IS NOT NULL')
    .pluck()
    .all(registerId) as number[];
  const copy = db.prepare(`UPDATE address_rows SET address_id = r.address_id, postcode = r.postcode, house_number = r.house_number,
    house_letter = r.house_letter, house_number_suffix = r.house_number_suffix, street = r.street, city = r.city, register_row = NULL
    FROM register_addresses r WHERE r.id = address_rows.register_row AND address_rows.release_id = ?`);
  const unshare = db.prepare('UPDATE releases SET register_offset = NULL WHERE id = ?');
  for (const release of releases) {
    copy.run(release);
    unshare.run(release);
  }
  return releases.length;
}

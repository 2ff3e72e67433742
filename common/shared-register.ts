// How a release's addresses are keyed: its own rows (address_id in address_rows), or the rows of the
// register it shares (migration 17), found by register row id plus the release's offset.
import type Database from 'better-sqlite3';

/** A release over a shared register: its address of register row `r` has the row id `r + offset`. */
export interface SharedRegister {
  registerId: number;
  offset: number;
}

/** The shared register of a release, or null when its rows hold their own addresses (or no such release). */
export function sharedRegisterOf(db: Database.Database, release: number): SharedRegister | null {
  const row = db.prepare('SELECT register_id, register_offset FROM releases WHERE id = ?').raw().get(release) as
    | [number | null, number | null]
    | undefined;
  if (row === undefined || row[0] === null || row[1] === null) return null;
  return { registerId: row[0], offset: row[1] };
}

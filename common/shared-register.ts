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

/**
 * The first and last row id of a register's addresses ([0, -1] for none): a register's rows are numbered
 * consecutively when it is loaded. Read from its stored match keys (pipeline/register/match-keys.ts), as
 * min(id) and max(id) of its rows would read every entry of its index (9.6 M: ~2–4 s); a register loaded
 * before the keys were stored is read that way.
 */
export function registerRowRange(db: Database.Database, registerId: number): [number, number] {
  const keys = db.prepare('SELECT first_id, entries FROM register_keys WHERE register_id = ?').raw().get(registerId) as
    | [number, number]
    | undefined;
  if (keys !== undefined) return keys[1] > 0 ? [keys[0], keys[0] + keys[1] - 1] : [0, -1];
  return db
    .prepare('SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM register_addresses WHERE register_id = ?')
    .raw()
    .get(registerId) as [number, number];
}

// refreshChanges: keeps the precomputed diffs (change_* tables) in step with the releases. Every pair of
// adjacent releases (in releaseOrder()) has its diff; a pair that is no longer adjacent (a release came in
// between) is dropped; pairs with the release just written (`touched`) are computed again. Runs inside
// the import's transaction, and from `atlas migrate` for databases that predate the diffs.
import type Database from 'better-sqlite3';
import { addressLevel } from '../../common/levels.ts';
import { areaParents, ChangeCounter, changedAddressesSql, changedAddress, releaseOrder } from '../../common/changes.ts';

type DB = Database.Database;

const TABLES = ['change_pairs', 'change_stats', 'change_cells', 'change_addresses'] as const;

export interface PairRef {
  from: number;
  to: number;
}

/** The adjacent pairs of the releases in their order, oldest first. */
export function adjacentPairs(db: DB): PairRef[] {
  const ids = db.prepare<[], number>(`SELECT id FROM releases ORDER BY ${releaseOrder()}`).pluck().all();
  return ids.slice(1).map((to, i) => ({ from: ids[i], to }));
}

function dropPair(db: DB, p: PairRef): void {
  for (const table of TABLES) db.prepare(`DELETE FROM ${table} WHERE from_release_id = ? AND to_release_id = ?`).run(p.from, p.to);
}

/** Computes and writes the diff of one pair (whose rows must be gone). Returns the changed addresses. */
export function writePair(db: DB, p: PairRef): number {
  // The changed addresses go straight from SQL to SQL; then they are read back once to be counted.
  const changed = db
    .prepare(`INSERT INTO change_addresses (from_id, to_id, area_code, lon, lat, from_down, from_up, to_down, to_up,
      from_release_id, to_release_id) SELECT *, @from, @to FROM (${changedAddressesSql(db, p.from, p.to)})`)
    .run(p).changes;
  const counter = new ChangeCounter(areaParents(db), addressLevel(db));
  const rows = db
    .prepare(`SELECT from_id, to_id, area_code, lon, lat, from_down, from_up, to_down, to_up FROM change_addresses
      WHERE from_release_id = ? AND to_release_id = ?`)
    .raw();
  for (const row of rows.iterate(p.from, p.to)) counter.add(changedAddress(row as Parameters<typeof changedAddress>[0]));
  const area = db.prepare(`INSERT INTO change_stats (from_release_id, to_release_id, level, area_code, from_down, from_up, to_down,
    to_up, addresses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const r of counter.areaRows()) area.run(p.from, p.to, r.level, r.areaCode, r.fromDown, r.fromUp, r.toDown, r.toUp, r.addresses);
  const cell = db.prepare(`INSERT INTO change_cells (from_release_id, to_release_id, res, cell, from_down, from_up, to_down, to_up,
    addresses, lon, lat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const r of counter.cellRows())
    cell.run(p.from, p.to, r.res, r.cell, r.fromDown, r.fromUp, r.toDown, r.toUp, r.addresses, r.lon, r.lat);
  db.prepare('INSERT INTO change_pairs (from_release_id, to_release_id, changed, computed_at) VALUES (?, ?, ?, ?)').run(
    p.from,
    p.to,
    changed,
    new Date().toISOString(),
  );
  return changed;
}

/**
 * Brings the diffs in step: drops pairs that are not adjacent, computes adjacent pairs that are missing
 * or involve `touched` (a release just imported or replaced). Returns the pairs computed.
 */
export function refreshChanges(db: DB, touched: number | null): PairRef[] {
  const adjacent = adjacentPairs(db);
  const key = (p: PairRef) => `${p.from}>${p.to}`;
  const wanted = new Set(adjacent.map(key));
  const stored = db.prepare<[], PairRef>('SELECT from_release_id AS "from", to_release_id AS "to" FROM change_pairs').all();
  const have = new Set<string>();
  for (const p of stored) {
    if (wanted.has(key(p)) && p.from !== touched && p.to !== touched) have.add(key(p));
    else dropPair(db, p);
  }
  const computed: PairRef[] = [];
  for (const p of adjacent) {
    if (have.has(key(p))) continue;
    writePair(db, p);
    computed.push(p);
  }
  return computed;
}

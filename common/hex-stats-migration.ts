// The step of schema migration 5 that SQL cannot do: hex_stats of every existing release rebuilt
// from its addresses, with upload class, fixed_only half and technology (H3 cells need h3-js).
import type Database from 'better-sqlite3';
import { HexCounter, hexInsertSql, type ClassPair } from './hex-counts.ts';
import { finestCellKey } from './hex-key.ts';

export function rebuildHexStats(db: Database.Database, table: string): void {
  const releases = db.prepare('SELECT DISTINCT release_id FROM addresses').pluck().all() as number[];
  const rows = db.prepare<[number], ClassPair & { lon: number; lat: number }>(
    `SELECT lon, lat, best_technology AS technology, down_class AS downClass, up_class AS upClass,
            fixed_down_class AS fixedDownClass, fixed_up_class AS fixedUpClass FROM addresses WHERE release_id = ?`,
  );
  const insert = db.prepare(hexInsertSql(table));
  for (const release of releases) {
    const counter = new HexCounter();
    for (const r of rows.iterate(release)) counter.add(finestCellKey(r.lat, r.lon), r, 1);
    for (const h of counter.rows()) {
      insert.run(release, h.res, h.fixedOnly, h.cell, h.technology, h.downClass, h.upClass, h.addresses, h.lon, h.lat);
    }
  }
}

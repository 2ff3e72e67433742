// Temp directories, temp databases with the fixture boundaries loaded, and small CSV files written on the fly.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openWritable } from '../../common/schema.ts';
import { loadFixtureBoundaries } from './fixture-db.ts';

/** A new empty directory under the system's temp directory. */
export function tempDir(prefix = 'atlas-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A new database file with the four fixture municipalities and their province. */
export function boundariesDb(dir = tempDir()) {
  const path = join(dir, 'atlas.sqlite');
  const db = openWritable(path);
  loadFixtureBoundaries(db);
  return { db, dir, path };
}

/** Everything a release leaves in the database, to compare before and after. */
export function databaseSnapshot(db: Database.Database) {
  const tables = ['releases', 'addresses', 'area_stats', 'provider_stats', 'hex_stats'];
  return Object.fromEntries(
    tables.map((t) => [
      t,
      db
        .prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`)
        .all()
        .map((r) => ({ ...(r as object), imported_at: undefined })),
    ]),
  );
}

export function writeCsv(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export const HEADER = 'address_id,postcode,house_number,lon,lat,provider,technology,max_down_mbps,max_up_mbps';
/** Points well inside Lopik (GM0331) and IJsselstein (GM0353). */
export const LOPIK = '4.89189,51.94518';
export const IJSSELSTEIN = '5.0591,52.017';

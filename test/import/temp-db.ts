// Temp databases with the fixture boundaries loaded, and small CSV files, for the import tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWritable } from '../../common/schema.ts';
import { loadFixtureBoundaries } from '../helpers/fixture-db.ts';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'atlas-import-'));
}

/** A new database file with the four fixture municipalities and their province. */
export function boundariesDb(dir = tempDir()) {
  const path = join(dir, 'atlas.sqlite');
  const db = openWritable(path);
  loadFixtureBoundaries(db);
  return { db, dir, path };
}

export function writeCsv(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

export const HEADER = 'address_id,postcode,house_number,lon,lat,provider,technology,max_down_mbps,max_up_mbps';
/** Points well inside Lopik (GM0331) and IJsselstein (GM0353). */
export const LOPIK = '4.89189,51.94518';
export const IJSSELSTEIN = '5.0591,52.017';

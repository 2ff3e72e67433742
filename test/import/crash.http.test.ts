// An import or a register load killed with SIGKILL halfway, in a child process, leaves the database as it was.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { importRelease } from '../../pipeline/import/index.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { killHalfway } from '../helpers/kill-halfway.ts';
import { boundariesDb, databaseSnapshot as snapshot, HEADER, LOPIK, writeCsv } from '../helpers/temp-db.ts';
import { REGISTER_FIXTURES } from '../register/fixtures.ts';

/** The database at `path` passes its integrity check and `view` of it equals `before`. */
function expectIntactAs<T>(path: string, view: (db: Database.Database) => T, before: T): void {
  const after = new Database(path);
  expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(view(after)).toEqual(before);
  after.close();
}

describe('killed loads', () => {
  it('a kill -9 halfway through an import leaves the database as it was', async () => {
    const { db, dir, path } = boundariesDb();
    importRelease(db, { release: '2023-12', files: [FIXTURE_FILES.release2023] });
    const before = snapshot(db);
    db.close();
    // A big file, so the child is surely mid-import when it reports progress and gets killed.
    const rows = [HEADER];
    for (let i = 0; i < 300_000; i++) rows.push(`K${i},3411AB,${(i % 900) + 1},${LOPIK},Polderglas,FTTH,1000,1000`);
    const big = writeCsv(dir, 'big.csv', rows);
    await killHalfway(
      dir,
      path,
      { name: 'importRelease', module: 'pipeline/import/index.ts' },
      `importRelease(db, { release: '2023-12', files: [${JSON.stringify(big)}], onProgress })`,
    );
    expectIntactAs(path, snapshot, before);
  });

  it('a kill -9 halfway through a register load leaves the database as it was', async () => {
    const { db, dir, path } = boundariesDb();
    loadRegister(db, { label: 'bag', files: [REGISTER_FIXTURES.ljpc] });
    const registers = (d: Database.Database) => ({
      registers: d.prepare('SELECT * FROM registers ORDER BY id').all(),
      addresses: d.prepare('SELECT * FROM register_addresses ORDER BY id').all(),
    });
    const before = registers(db);
    db.close();
    const rows = ['straat;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;provincie;lat;lon'];
    for (let i = 0; i < 300_000; i++) rows.push(`Benschopperstraat;${i + 1};;;3411AB;Lopik;Lopik;Utrecht;51.94518;4.89189`);
    const big = writeCsv(dir, 'big.csv', rows);
    await killHalfway(
      dir,
      path,
      { name: 'loadRegister', module: 'pipeline/register/index.ts' },
      `loadRegister(db, { label: 'bag', files: [${JSON.stringify(big)}], onProgress })`,
    );
    expectIntactAs(path, registers, before);
  });
});

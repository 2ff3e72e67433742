import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ImportError, importRelease } from '../../pipeline/import/index.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { boundariesDb, HEADER, LOPIK, writeCsv } from './temp-db.ts';

/** Everything a release leaves in the database, to compare before and after. */
function snapshot(db: Database.Database) {
  const tables = ['releases', 'addresses', 'area_stats', 'provider_stats', 'hex_stats'];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all()
    .map((r) => ({ ...(r as object), imported_at: undefined }))]));
}

describe('releases', () => {
  it('re-importing a label replaces that release only', () => {
    const { db, dir } = boundariesDb();
    importRelease(db, { release: '2023-12', files: [FIXTURE_FILES.release2023] });
    importRelease(db, { release: '2024-12', files: [FIXTURE_FILES.release2024] });
    const older = db.prepare("SELECT a.* FROM addresses a JOIN releases r ON r.id = a.release_id WHERE r.label = '2023-12' ORDER BY a.id").all();
    const small = writeCsv(dir, 'small.csv', [HEADER, `X1,3411AB,1,${LOPIK},P,FTTH,1000,1000`]);
    importRelease(db, { release: '2024-12', files: [small] });
    const releases = db.prepare('SELECT label, addresses, covered FROM releases ORDER BY label').all();
    expect(releases).toEqual([{ label: '2023-12', addresses: 330, covered: 246 }, { label: '2024-12', addresses: 1, covered: 1 }]);
    expect(db.prepare("SELECT a.* FROM addresses a JOIN releases r ON r.id = a.release_id WHERE r.label = '2023-12' ORDER BY a.id").all()).toEqual(older);
    expect(db.prepare("SELECT count(*) FROM area_stats s JOIN releases r ON r.id = s.release_id WHERE r.label = '2024-12' AND level = 'all'").pluck().get()).toBe(1);
    // The first import dropped and rebuilt the address indexes, the later ones inserted into them.
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'addresses' AND sql IS NOT NULL ORDER BY name");
    expect(indexes.pluck().all()).toEqual(['addresses_by_id', 'addresses_by_postcode', 'addresses_uncovered']);
    db.close();
  });

  it('a failing import changes nothing, even after rows of an earlier file went in', () => {
    const { db, dir } = boundariesDb();
    importRelease(db, { release: '2024-12', files: [FIXTURE_FILES.release2024] });
    const before = snapshot(db);
    const noId = writeCsv(dir, 'no-id.csv', ['postcode,lon,lat', `3411AB,${LOPIK}`]);
    expect(() => importRelease(db, { release: '2024-12', files: [FIXTURE_FILES.release2023, noId] }))
      .toThrow(/no-id\.csv:1: the header has no 'address_id' column/);
    expect(() => importRelease(db, { release: 'new', files: [FIXTURE_FILES.release2023, noId] })).toThrow(ImportError);
    expect(snapshot(db)).toEqual(before);
    db.close();
  });

  it('refuses an empty file, a missing file and a bad --as-of without changing anything', () => {
    const { db, dir } = boundariesDb();
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect(() => importRelease(db, { release: 'x', files: [empty] })).toThrow(/empty\.csv: the file is empty/);
    expect(() => importRelease(db, { release: 'x', files: [join(dir, 'nope.csv')] })).toThrow(/nope\.csv: cannot read the file/);
    expect(() => importRelease(db, { release: 'x', asOf: '2024-13-45', files: [empty] })).toThrow(/--as-of must be a date/);
    expect(db.prepare('SELECT count(*) FROM releases').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a header-only file instead of replacing the release with an empty one', () => {
    const { db, dir } = boundariesDb();
    importRelease(db, { release: '2024-12', files: [FIXTURE_FILES.release2024] });
    const before = snapshot(db);
    expect(() => importRelease(db, { release: '2024-12', files: [writeCsv(dir, 'h.csv', [HEADER])] }))
      .toThrow(/No row was accepted: the files hold no rows \(1 lines read/);
    expect(snapshot(db)).toEqual(before);
    db.close();
  });

  it('a kill -9 halfway through an import leaves the database as it was', async () => {
    const { db, dir, path } = boundariesDb();
    importRelease(db, { release: '2023-12', files: [FIXTURE_FILES.release2023] });
    const before = snapshot(db);
    db.close();
    // A big file, so the child is surely mid-import when it reports progress and gets killed.
    const rows = [HEADER];
    for (let i = 0; i < 300_000; i++) rows.push(`K${i},3411AB,${(i % 900) + 1},${LOPIK},Polderglas,FTTH,1000,1000`);
    const big = writeCsv(dir, 'big.csv', rows);
    const script = join(dir, 'child.ts');
    writeFileSync(script, `
      import { writeSync } from 'node:fs';
      import { openWritable } from ${JSON.stringify(new URL('../../common/schema.ts', import.meta.url).pathname)};
      import { importRelease } from ${JSON.stringify(new URL('../../pipeline/import/index.ts', import.meta.url).pathname)};
      const db = openWritable(${JSON.stringify(path)});
      importRelease(db, { release: '2023-12', files: [${JSON.stringify(big)}], onProgress: (p) => {
        if (p.rowsRead >= 100000) { writeSync(1, 'halfway\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); }
      } });
    `);
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('halfway')) resolve(); });
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const after = new Database(path);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(snapshot(after)).toEqual(before);
    after.close();
  });
});

// Releases in one database: replacing a label, empty files, and failed imports that change nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError, importRelease } from '../../pipeline/import/index.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { boundariesDb, databaseSnapshot as snapshot, HEADER, LOPIK, writeCsv } from '../helpers/temp-db.ts';

describe('releases', () => {
  it('re-importing a label replaces that release only', () => {
    const { db, dir } = boundariesDb();
    importRelease(db, { release: '2023-12', files: [FIXTURE_FILES.release2023] });
    importRelease(db, { release: '2024-12', files: [FIXTURE_FILES.release2024] });
    const older = db
      .prepare("SELECT a.* FROM addresses a JOIN releases r ON r.id = a.release_id WHERE r.label = '2023-12' ORDER BY a.id")
      .all();
    const small = writeCsv(dir, 'small.csv', [HEADER, `X1,3411AB,1,${LOPIK},P,FTTH,1000,1000`]);
    importRelease(db, { release: '2024-12', files: [small] });
    const releases = db.prepare('SELECT label, addresses, covered FROM releases ORDER BY label').all();
    expect(releases).toEqual([
      { label: '2023-12', addresses: 330, covered: 246 },
      { label: '2024-12', addresses: 1, covered: 1 },
    ]);
    expect(
      db.prepare("SELECT a.* FROM addresses a JOIN releases r ON r.id = a.release_id WHERE r.label = '2023-12' ORDER BY a.id").all(),
    ).toEqual(older);
    expect(
      db
        .prepare(
          "SELECT count(*) FROM area_stats s JOIN releases r ON r.id = s.release_id WHERE r.label = '2024-12' AND level = 'all' AND fixed_only = 0",
        )
        .pluck()
        .get(),
    ).toBe(1);
    // The first import dropped and rebuilt the address indexes, the later ones inserted into them.
    const indexes = db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'address_rows' AND sql IS NOT NULL ORDER BY name",
    );
    expect(indexes.pluck().all()).toEqual([
      'addresses_by_grid',
      'addresses_by_id',
      'addresses_by_postcode',
      'addresses_uncovered',
      'addresses_uncovered_fixed',
    ]);
    db.close();
  });

  it('a failing import changes nothing, even after rows of an earlier file went in', () => {
    const { db, dir } = boundariesDb();
    importRelease(db, { release: '2024-12', files: [FIXTURE_FILES.release2024] });
    const before = snapshot(db);
    const noId = writeCsv(dir, 'no-id.csv', ['postcode,lon,lat', `3411AB,${LOPIK}`]);
    expect(() => importRelease(db, { release: '2024-12', files: [FIXTURE_FILES.release2023, noId] })).toThrow(
      /no-id\.csv:1: the header has no 'address_id' column/,
    );
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
    expect(() => importRelease(db, { release: '2024-12', files: [writeCsv(dir, 'h.csv', [HEADER])] })).toThrow(
      /No row was accepted: the files hold no rows \(1 lines read/,
    );
    expect(snapshot(db)).toEqual(before);
    db.close();
  });
});

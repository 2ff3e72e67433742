// Reading rows in a worker thread must not change what an import does: same rows, rejects, counts
// and aggregates as reading in the importing thread, over many batches and several files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { ImportError, importRelease } from '../../pipeline/import/index.ts';
import { boundariesDb, IJSSELSTEIN, LOPIK, tempDir, writeCsv } from '../helpers/temp-db.ts';

const dir = tempDir();
const opened: Database.Database[] = [];
afterAll(() => {
  for (const db of opened) db.close();
});

const WIDE = 'address_id,postcode,house_number,street,municipality_code,lon,lat,provider,technology,max_down_mbps,max_up_mbps';

/** 30,000 rows: many batches, with quoted, padded and odd rows, repeats and rejects among them. */
function bigFile(): string {
  const rows = [WIDE];
  const technologies = ['FTTH', 'DOCSIS3.1', 'VDSL', 'ADSL', ''];
  for (let i = 0; i < 30_000; i++) {
    const id = `N${Math.floor(i / 2)}`;
    const point = i % 3 === 0 ? IJSSELSTEIN : LOPIK;
    const code = i % 5 === 0 ? '' : point === LOPIK ? 'GM0331' : 'GM0353';
    const technology = technologies[i % technologies.length];
    const speeds = technology ? `${(i % 4) * 300 + 100},${i % 50}` : ',';
    const street = i % 7 === 0 ? `"Dorpsstraat, ""${i}"""` : i % 11 === 0 ? `  Kerkweg ${i}  ` : `Laan ${i % 40}`;
    const postcode = i % 13 === 0 ? '3411 ab' : '3411AB';
    const provider = i % 9 === 0 ? '' : `Net ${i % 6}`;
    rows.push(`${id},${postcode},${(i % 900) + 1},${street},${code},${point},${provider},${technology},${speeds}`);
    if (i % 997 === 0) rows.push(`${id},3411AB,1,Laan,,${LOPIK},Net 1,LASER,1,1`);
    if (i % 1499 === 0) rows.push(`${id},3411AB,1,Laan,GM9999,${LOPIK},Net 1,FTTH,1,1`);
  }
  return writeCsv(dir, 'big.csv', rows);
}

function importBoth(files: string[]) {
  return [false, true].map((readInWorker) => {
    const { db } = boundariesDb(tempDir());
    opened.push(db);
    const rejectsPath = join(dir, `rejects-${readInWorker}.csv`);
    const {
      seconds: _seconds,
      rejects_file: _file,
      ...summary
    } = importRelease(db, { release: 'r', files, rejectsPath, readInWorker, allowRejects: true });
    const table = (sql: string) => db.prepare(sql).all();
    return {
      summary,
      rejects: readFileSync(rejectsPath, 'utf8'),
      addresses: table('SELECT * FROM addresses ORDER BY id'),
      areaStats: table('SELECT * FROM area_stats ORDER BY level, area_code, technology, down_class, up_class'),
      providerStats: table('SELECT * FROM provider_stats ORDER BY level, area_code, provider, down_class, up_class'),
      hexStats: table('SELECT * FROM hex_stats ORDER BY res, cell, down_class'),
    };
  });
}

describe('reading rows in a worker thread', () => {
  it('imports exactly what reading in the importing thread imports', () => {
    const [inline, worker] = importBoth([FIXTURE_FILES.release2024, bigFile()]);
    expect(inline.summary.rows_read).toBe(636 + 30_000 + 31 + 21);
    expect(inline.summary.rows_rejected).toBeGreaterThanOrEqual(9 + 31 + 21);
    expect(inline.summary.unknown_columns).toEqual(['source_note']);
    expect(inline.addresses.length).toBe(inline.summary.addresses);
    expect(inline.hexStats.length).toBeGreaterThan(0);
    expect(worker).toEqual(inline);
  });

  it('stores text fields unquoted, trimmed and normalised, whichever thread reads them', () => {
    const file = writeCsv(dir, 'text.csv', [
      WIDE,
      `Q1,"3411 ab",1,"Dorpsstraat, ""oost""",GM0331,${LOPIK},"Net, Q",FTTH,1000,1000`,
      `Q2, 3411ab ,2,  Kerkweg  ,GM0331,${LOPIK}, Net P ,FTTH,1000,1000`,
      `Q3,3411AB,3,Laan,,${IJSSELSTEIN},,,,`,
    ]);
    for (const readInWorker of [false, true]) {
      const { db } = boundariesDb(tempDir());
      opened.push(db);
      importRelease(db, { release: 'r', files: [file], readInWorker });
      expect(db.prepare('SELECT address_id, postcode, street, area_code, offers FROM addresses ORDER BY id').all()).toEqual([
        {
          address_id: 'Q1',
          postcode: '3411AB',
          street: 'Dorpsstraat, "oost"',
          area_code: 'GM0331',
          offers: '[["Net, Q","FTTH",1000,1000]]',
        },
        { address_id: 'Q2', postcode: '3411AB', street: 'Kerkweg', area_code: 'GM0331', offers: '[["Net P","FTTH",1000,1000]]' },
        { address_id: 'Q3', postcode: '3411AB', street: 'Laan', area_code: 'GM0353', offers: '[]' },
      ]);
    }
  });

  it('fails as a whole on a bad header in a later file, committing nothing', () => {
    const { db } = boundariesDb(tempDir());
    opened.push(db);
    const good = writeCsv(dir, 'good.csv', [WIDE, `G1,3411AB,1,Laan,GM0331,${LOPIK},Net,FTTH,1000,1000`]);
    const noId = writeCsv(dir, 'no-id.csv', ['postcode,lon,lat', `3411AB,${LOPIK}`]);
    const failing = () => importRelease(db, { release: 'r', files: [good, noId], readInWorker: true });
    expect(failing).toThrow(ImportError);
    expect(failing).toThrow(/no-id\.csv:1: the header has no 'address_id' column/);
    expect(db.prepare('SELECT count(*) FROM releases').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM addresses').pluck().get()).toBe(0);
  });
});

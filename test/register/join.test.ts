// atlas import --register on the small fixtures: exact matching, unmatched and ambiguous rows, the
// match report, uncovered register addresses, and the downstream store reading such a release.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvReader } from '../../pipeline/import/csv.ts';
import { ImportError, importRelease } from '../../pipeline/import/index.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { createStore } from '../../server/store/index.ts';
import { boundariesDb, writeCsv } from '../helpers/temp-db.ts';
import { COVERAGE_FIXTURES as COVERAGE, REGISTER_FIXTURES } from './fixtures.ts';

/** Every record of a CSV file, read back with the import's own reader. */
function readCsv(path: string): string[][] {
  const reader = new CsvReader(path);
  const rows = [reader.header()!];
  for (let r = reader.next(); r !== null; r = reader.next()) rows.push(r);
  reader.close();
  return rows;
}

describe('atlas import --register', () => {
  it('joins coverage lists exactly: matched + unmatched + ambiguous + rejected = read, every register address counted', () => {
    const { db, dir } = boundariesDb();
    loadRegister(db, { label: 'bag', files: [REGISTER_FIXTURES.ljpc] });
    const report = join(dir, 'match.csv');
    const s = importRelease(db, {
      release: 'r1',
      register: 'bag',
      files: [COVERAGE.byKey, COVERAGE.dutch],
      matchReportPath: report,
      rejectsPath: join(dir, 'rejects.csv'),
    });
    expect(s).toMatchObject({
      register: 'bag',
      rows_read: 13,
      matched_rows: 7,
      unmatched_rows: 2,
      ambiguous_rows: 2,
      rows_rejected: 2,
      rows_accepted: 11,
      addresses: 13,
      addresses_with_offer: 7,
      covered: 4,
      uncovered: 9,
      match_report_file: report,
    });
    expect(s.matched_rows! + s.unmatched_rows! + s.ambiguous_rows! + s.rows_rejected).toBe(s.rows_read);
    expect(s.covered + s.uncovered).toBe(s.addresses);
    const best = db
      .prepare(
        `SELECT address_id, best_technology, area_code FROM addresses WHERE release_id = (SELECT id FROM releases WHERE label = 'r1') ORDER BY id`,
      )
      .all();
    expect(best.map((r) => Object.values(r as object))).toEqual([
      ['3412AK-158', 'FTTH', 'GM0331'],
      ['3412BC-167', 'VDSL', 'GM0331'],
      ['3413VD-85a', 'FTTH', 'GM0331'],
      ['3413VD-85b', 'NONE', 'GM0331'],
      ['3413VD-85', 'DOCSIS3.1', 'GM0331'],
      ['3401AA-1', 'NONE', 'GM0353'],
      ['3401AA-1-bis', 'FTTH', 'GM0353'],
      ['3401AA-2', 'FWA', 'GM0353'],
      ['3417VD-133', 'NONE', 'GM0335'],
      ['3418SD-92', 'NONE', 'GM0335'],
      ['3421AA-1', 'NONE', 'GM0589'],
      ['3412CC-3', 'NONE', 'GM0331'],
      ['3422GX-120', 'FWA', 'GM0589'],
    ]);
    db.close();
  });

  it('the match report lists each unmatched and ambiguous row with its file, line, reason and the row as it stood', () => {
    const { db, dir } = boundariesDb();
    loadRegister(db, { label: 'bag', files: [REGISTER_FIXTURES.ljpc] });
    const report = join(dir, 'match.csv');
    importRelease(db, { release: 'r1', register: 'bag', files: [COVERAGE.byKey, COVERAGE.dutch], matchReportPath: report });
    const [header, ...rows] = readCsv(report);
    expect(header).toEqual(['source_file', 'line', 'reason', 'row']);
    expect(rows.map(([file, line, reason]) => [file, line, reason.split(':')[0]])).toEqual([
      ['by-key.csv', '6', 'unmatched'],
      ['dutch-no-letters.csv', '2', 'ambiguous'],
      ['dutch-no-letters.csv', '3', 'ambiguous'],
      ['dutch-no-letters.csv', '6', 'unmatched'],
    ]);
    expect(rows[1][2]).toBe('ambiguous: 3413VD 85 fits 3 addresses of register bag');
    const sources = { 'by-key.csv': COVERAGE.byKey, 'dutch-no-letters.csv': COVERAGE.dutch } as Record<string, string>;
    for (const [file, line, , row] of rows) {
      expect(readFileSync(sources[file], 'utf8').split('\n')[Number(line) - 1]).toBe(row);
    }
    db.close();
  });

  it('matches on address_id with --columns, and the store reads the release like any other', () => {
    const { db } = boundariesDb();
    loadRegister(db, { label: 'canon', files: [REGISTER_FIXTURES.canonical] });
    const s = importRelease(db, {
      release: 'ids',
      register: 'canon',
      files: [COVERAGE.byId],
      columns: 'max_down_mbps=down,max_up_mbps=up',
    });
    expect(s).toMatchObject({
      rows_read: 3,
      matched_rows: 2,
      unmatched_rows: 1,
      ambiguous_rows: 0,
      addresses: 13,
      addresses_with_offer: 2,
      covered: 1,
      uncovered: 12,
    });
    const store = createStore(db);
    const release = store.releases.resolve('ids');
    expect(release).toMatchObject({ register: 'canon', addresses: 13, covered: 1 });
    expect(store.stats.figures({ release: release.id, level: 'all', code: '' }, { down: 1000, up: null, fixed_only: false })).toMatchObject(
      {
        addresses: 13,
        covered: 1,
        uncovered: 12,
      },
    );
    expect(
      store.stats.figures({ release: release.id, level: 'municipality', code: 'GM0353' }, { down: 1000, up: null, fixed_only: false }),
    ).toMatchObject({
      addresses: 3,
      covered: 0,
    });
    expect(db.prepare('SELECT count(*) FROM clusters WHERE release_id = ?').pluck().get(release.id)).toBeGreaterThan(0);
    db.close();
  });

  it('names the registers that exist when the register is unknown, and changes nothing', () => {
    const { db, dir } = boundariesDb();
    expect(() => importRelease(db, { release: 'x', register: 'bag', files: [COVERAGE.byKey] })).toThrow(
      /Unknown register 'bag'; the database holds no register yet/,
    );
    loadRegister(db, { label: 'bag-2026-06', files: [REGISTER_FIXTURES.ljpc] });
    expect(() => importRelease(db, { release: 'x', register: 'bag', files: [COVERAGE.byKey] })).toThrow(ImportError);
    expect(() => importRelease(db, { release: 'x', register: 'bag', files: [COVERAGE.byKey] })).toThrow(
      /registers in the database: bag-2026-06/,
    );
    expect(() =>
      importRelease(db, { release: 'x', register: 'bag-2026-06', files: [writeCsv(dir, 'odd.csv', ['pc,nr', '3412AK,158'])] }),
    ).toThrow(/odd\.csv:1: a coverage list needs an 'address_id' column/);
    expect(db.prepare('SELECT count(*) FROM releases').pluck().get()).toBe(0);
    db.close();
  });
});

describe('atlas import --register refuses a coverage list that brings nothing, and changes nothing', () => {
  const HEADER = 'postcode,house_number,provider,technology,max_down_mbps,max_up_mbps';
  const { db, dir } = boundariesDb();
  loadRegister(db, { label: 'bag', files: [REGISTER_FIXTURES.ljpc] });
  importRelease(db, { release: 'r', register: 'bag', files: [COVERAGE.byKey], allowRejects: true });
  const snapshot = () =>
    ['releases', 'address_rows', 'area_stats', 'clusters'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all());
  const before = snapshot();
  const refused = (files: string[], message: RegExp, options: { allowRejects?: boolean; matchReportPath?: string } = {}) => {
    expect(() => importRelease(db, { release: 'r', register: 'bag', files, ...options })).toThrow(message);
    expect(snapshot()).toEqual(before);
  };

  it('every row rejected: in all the lists, or in one list among good ones even with --allow-rejects', () => {
    const allBad = writeCsv(dir, 'all-bad.csv', [HEADER, '3412BC,167,P,LASER,80,20', '3418SD,92,P,LASER,80,20']);
    refused([allBad], /No row was accepted: all 2 rows were rejected \(2× technology: unknown technology\)/, { allowRejects: true });
    refused([COVERAGE.byKey, allBad], /all-bad\.csv: all 2 rows were rejected\..*every address it serves would show as uncovered/, {
      allowRejects: true,
    });
  });

  it('more than 20 % of the rows rejected, unless rejects are allowed', () => {
    // by-key.csv has 1 rejected row of 7 (14 %); with two more of 9 it is 33 %.
    const twoBad = writeCsv(dir, 'two-bad.csv', [HEADER, '3412BC,167,P,LASER,80,20', '3418SD,92,P,FTTH,1000,1000x']);
    refused([COVERAGE.byKey, twoBad], /3 of 9 rows were rejected \(33\.3 %, more than 20 %\).*--allow-rejects/);
  });

  it('no accepted row names a register address (another register): the match report still lists them', () => {
    const elsewhere = writeCsv(dir, 'elsewhere.csv', [HEADER, '9999ZZ,1,P,FTTH,1000,1000', '9999ZZ,2,P,FTTH,1000,1000']);
    const matchReportPath = join(dir, 'elsewhere.report.csv');
    refused(
      [COVERAGE.byKey, elsewhere],
      /elsewhere\.csv: none of its 2 accepted rows is an address of register bag\. They are listed in .*elsewhere\.report\.csv/,
      {
        allowRejects: true,
        matchReportPath,
      },
    );
    expect(
      readCsv(matchReportPath)
        .filter((r) => r[0] === 'elsewhere.csv')
        .map((r) => r[1]),
    ).toEqual(['2', '3']);
  });

  it('imports a list whose rows all fit several addresses (no letter column): it is the right register', () => {
    const s = importRelease(db, {
      release: 'ambiguous',
      register: 'bag',
      files: [COVERAGE.byKey, writeCsv(dir, 'no-letters.csv', [HEADER, '3413VD,85,P,FTTH,1000,1000'])],
      allowRejects: true,
    });
    expect(s).toMatchObject({ ambiguous_rows: 1, matched_rows: 5 });
  });
});

describe('atlas import --register, reading the lists in a worker thread', () => {
  it('gives the same release, match report and rejects as reading them in the joining thread', () => {
    const run = (readInWorker: boolean) => {
      const { db, dir } = boundariesDb();
      loadRegister(db, { label: 'bag', files: [REGISTER_FIXTURES.ljpc], readInWorker });
      const summary = importRelease(db, {
        release: 'r1',
        register: 'bag',
        files: [COVERAGE.byKey, COVERAGE.dutch],
        matchReportPath: join(dir, 'match.csv'),
        rejectsPath: join(dir, 'rejects.csv'),
        readInWorker,
      });
      const rows = db.prepare('SELECT address_id, area_code, best_technology, best_down, offers FROM addresses ORDER BY id').raw().all();
      db.close();
      const { seconds: _s, files: _f, match_report_file: _m, rejects_file: _r, ...counts } = summary;
      return { counts, rows, report: readCsv(join(dir, 'match.csv')), rejects: readCsv(join(dir, 'rejects.csv')) };
    };
    const inThread = run(false);
    expect(inThread.report.length).toBeGreaterThan(1);
    expect(inThread.rejects.length).toBeGreaterThan(1);
    expect(run(true)).toEqual(inThread);
  });
});

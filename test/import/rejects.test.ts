// Rows the import rejects, each with its file, line, field and reason, and the rejects CSV it writes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importRelease } from '../../pipeline/import/index.ts';
import { boundariesDb, HEADER, IJSSELSTEIN, LOPIK, writeCsv } from '../helpers/temp-db.ts';

const { db, dir } = boundariesDb();
afterAll(() => db.close());

/**
 * Imports one good row and then `row`, and returns the single reject (field, reason), or null when
 * accepted. (An import with no row accepted is refused, so the good row goes first.)
 */
function rejectOf(row: string, header = HEADER) {
  const rejectsPath = join(dir, 'rejects.csv');
  const good = header === HEADER ? `OK,3411AB,1,${LOPIK},P,FTTH,1000,1000` : `OK,GM0331,${LOPIK},FTTH,1000,1000`;
  const file = writeCsv(dir, 'one.csv', [header, good, row]);
  const summary = importRelease(db, { release: 'r', files: [file], rejectsPath, allowRejects: true });
  expect(summary.rows_read).toBe(2);
  if (summary.rows_rejected === 0) return null;
  const [, line] = readFileSync(rejectsPath, 'utf8').trim().split('\n');
  const [source, lineNo, field, ...rest] = line.split(',');
  return { source, lineNo, field, reason: rest.join(',') };
}

describe('rows the import rejects, each with its field and reason', () => {
  it.each([
    ['missing address_id', `,1234AB,1,${LOPIK},P,FTTH,1000,1000`, 'address_id', 'missing address_id'],
    ['an unknown technology', `A,1234AB,1,${LOPIK},P,LASER,1000,1000`, 'technology', "unknown technology: 'LASER'"],
    ['an unparseable speed', `A,1234AB,1,${LOPIK},P,FTTH,fast,1000`, 'max_down_mbps', "not a number: 'fast'"],
    ['a negative speed', `A,1234AB,1,${LOPIK},P,FTTH,1000,-1`, 'max_up_mbps', 'out of range 0..100000: -1'],
    ['an absurd speed', `A,1234AB,1,${LOPIK},P,FTTH,200000,1`, 'max_down_mbps', 'out of range'],
    ['a missing download speed', `A,1234AB,1,${LOPIK},P,FTTH,,1`, 'max_down_mbps', 'missing max_down_mbps'],
    ['an unparseable house number', `A,1234AB,12b,${LOPIK},P,FTTH,1000,1000`, 'house_number', "not a whole number: '12b'"],
    ['a house number out of range', `A,1234AB,0,${LOPIK},P,FTTH,1000,1000`, 'house_number', 'out of range'],
    ['an unparseable coordinate', `A,1234AB,1,east,51.9,P,FTTH,1000,1000`, 'lon', "not a number: 'east'"],
    ['a missing coordinate', `A,1234AB,1,,51.9,P,FTTH,1000,1000`, 'lon', 'missing lon'],
    ['a latitude out of range', `A,1234AB,1,4.9,95,P,FTTH,1000,1000`, 'lat', 'out of range -90..90'],
    ['coordinates outside the bbox of the boundaries', `A,1234AB,1,6.5683,53.2194,P,FTTH,1000,1000`, 'lon', 'coordinates outside the bbox'],
    ['a point in the bbox but in no area', `A,1234AB,1,4.81,51.95,P,FTTH,1000,1000`, 'lon', 'point in no area'],
    ['a wrong column count', `A,1234AB,1,${LOPIK}`, '', 'wrong column count: 5 instead of 9'],
    ['an unterminated quote', `A,"1234AB,1,${LOPIK},P,FTTH,1000,1000`, '', 'unterminated quoted field'],
  ])('rejects %s', (_name, row, field, reason) => {
    const reject = rejectOf(row);
    expect(reject).toMatchObject({ source: 'one.csv', lineNo: '3', field });
    expect(reject?.reason).toContain(reason);
  });

  it('rejects an unknown municipality code', () => {
    const reject = rejectOf(
      `A,GM9999,${LOPIK},FTTH,1000,1000`,
      'address_id,municipality_code,lon,lat,technology,max_down_mbps,max_up_mbps',
    );
    expect(reject).toMatchObject({ field: 'municipality_code' });
    expect(reject?.reason).toContain("unknown municipality code: 'GM9999'");
  });

  it('rejects later rows that move an address or give it another municipality', () => {
    const file = writeCsv(dir, 'conflict.csv', [
      'address_id,municipality_code,lon,lat,technology,max_down_mbps,max_up_mbps',
      `A,GM0331,${LOPIK},FTTH,1000,1000`,
      `A,GM0331,${IJSSELSTEIN},VDSL,100,30`,
      `A,GM0353,${LOPIK},VDSL,100,30`,
      `B,,${IJSSELSTEIN},VDSL,100,30`,
      `A,GM0331,${LOPIK},ADSL,8,1`,
    ]);
    const rejectsPath = join(dir, 'conflict-rejects.csv');
    const summary = importRelease(db, { release: 'r', files: [file], rejectsPath, allowRejects: true });
    expect(summary).toMatchObject({ rows_read: 5, rows_accepted: 3, rows_rejected: 2, addresses: 2 });
    expect(summary.rejects_by_reason).toEqual({ 'lon: conflicting location': 1, 'municipality_code: conflicting municipality': 1 });
    const lines = readFileSync(rejectsPath, 'utf8').trim().split('\n').slice(1);
    expect(lines.map((l) => l.split(',').slice(1, 3).join(','))).toEqual(['3,lon', '4,municipality_code']);
    const offers = db.prepare("SELECT offers FROM addresses WHERE address_id = 'A'").pluck().get() as string;
    expect(JSON.parse(offers)).toEqual([
      [null, 'FTTH', 1000, 1000],
      [null, 'ADSL', 8, 1],
    ]);
  });

  it('writes the original row, quoted, into the rejects CSV', () => {
    const file = writeCsv(dir, 'quoted.csv', [
      HEADER,
      `OK,3411AB,1,${LOPIK},P,FTTH,1000,1000`,
      `A,"12,34",1,${LOPIK},"Net ""X""",LASER,1,1`,
    ]);
    const rejectsPath = join(dir, 'quoted-rejects.csv');
    importRelease(db, { release: 'r', files: [file], rejectsPath, allowRejects: true });
    const text = readFileSync(rejectsPath, 'utf8');
    expect(text).toContain(`"A,""12,34"",1,${LOPIK},""Net """"X"""""",LASER,1,1"`);
  });
});

describe('counting', () => {
  it('always has accepted + rejected = read, over several files', () => {
    const good = writeCsv(dir, 'good.csv', [
      HEADER,
      `A,1,1,${LOPIK},P,FTTH,1000,1000`,
      `A,1,1,${LOPIK},Q,VDSL,100,20`,
      `B,2,2,${IJSSELSTEIN},,,,`,
    ]);
    const mixed = writeCsv(dir, 'mixed.csv', [HEADER, `C,3,3,${LOPIK},P,FOO,1,1`, `D,4,4,${LOPIK},P,ADSL,20,1`, ',,,,,,,,']);
    const s = importRelease(db, { release: 'count', files: [good, mixed], allowRejects: true });
    expect(s).toMatchObject({ lines_read: 8, rows_read: 6, rows_accepted: 4, rows_rejected: 2, addresses: 3, covered: 1, uncovered: 2 });
    expect(s.rows_accepted + s.rows_rejected).toBe(s.rows_read);
    expect(s.rejects_file).toBeNull();
  });

  it('matches the fixture figures documented in test/fixtures/README.md', async () => {
    const { FIXTURE_FILES } = await import('../helpers/fixture-db.ts');
    const s = importRelease(db, { release: 'fixture', files: [FIXTURE_FILES.release2024] });
    expect(s).toMatchObject({
      rows_read: 636,
      rows_accepted: 627,
      rows_rejected: 9,
      addresses: 330,
      covered: 294,
      uncovered: 36,
      unknown_columns: ['source_note'],
    });
    expect(Object.values(s.rejects_by_reason).reduce((a, b) => a + b, 0)).toBe(9);
  });
});

// atlas register on the small fixtures: each format, duplicates, area assignment, replacing, refusals.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../pipeline/import/index.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { boundariesDb } from '../helpers/temp-db.ts';
import { REGISTER_FIXTURES } from './fixtures.ts';

/** What every fixture register must give (see test/fixtures/README.md, "Registers"). */
const EXPECTED = {
  rows_read: 16,
  rows_accepted: 13,
  rows_rejected: 3,
  addresses: 13,
  duplicates: 1,
  areas_by_name: 11,
  areas_by_polygon: 1,
  snapped: 1,
  disagreements: 1,
  named_in_no_polygon: 0,
};

function registerRows(db: ReturnType<typeof boundariesDb>['db'], label: string) {
  return db
    .prepare(`SELECT a.postcode, a.house_number, a.house_letter, a.house_number_suffix, a.area_code, a.side_address
    FROM register_addresses a JOIN registers r ON r.id = a.register_id WHERE r.label = ? ORDER BY a.id`)
    .all(label) as {
    postcode: string;
    house_number: number;
    house_letter: string | null;
    house_number_suffix: string | null;
    area_code: string;
    side_address: number | null;
  }[];
}

describe('atlas register', () => {
  for (const [format, readInWorker] of [
    ['ljpc', false],
    ['nlextract', false],
    ['canonical', false],
    ['ljpc', true],
    ['nlextract', true],
  ] as const) {
    it(`reads the ${format} format${readInWorker ? ' in a worker thread' : ''}: duplicates kept once, areas by name, polygon and snap`, () => {
      const { db, dir } = boundariesDb();
      const rejects = join(dir, 'rejects.csv');
      const s = loadRegister(db, {
        label: 'r',
        asOf: '2026-06-20',
        files: [REGISTER_FIXTURES[format]],
        rejectsPath: rejects,
        readInWorker,
      });
      expect(s).toMatchObject({ ...EXPECTED, formats: [format], label: 'r', as_of: '2026-06-20' });
      expect(s.rows_accepted + s.rows_rejected).toBe(s.rows_read);
      const rows = registerRows(db, 'r');
      expect(rows).toHaveLength(13);
      // The register decides: Dijkweg 3 lies in IJsselstein's polygon but the register says Lopik.
      expect(rows.find((r) => r.postcode === '3412CC')?.area_code).toBe('GM0331');
      // 'Onbekend' is no loaded area: located by its point (Montfoort); the point 320 m outside Oudewater is snapped to it.
      expect(rows.find((r) => r.postcode === '3417VD')?.area_code).toBe('GM0335');
      expect(rows.find((r) => r.postcode === '3421AA')?.area_code).toBe('GM0589');
      expect(rows.filter((r) => r.postcode === '3413VD').map((r) => r.house_letter)).toEqual(['a', 'b', null]);
      if (format === 'nlextract') expect(rows.filter((r) => r.side_address === 1)).toHaveLength(1);
      const report = readFileSync(rejects, 'utf8').trim().split('\n');
      expect(report[0]).toBe('source_file,line,field,reason,row');
      expect(report.slice(1).map((l) => l.split(',').slice(1, 3).join(','))).toEqual(['7,address', '14,lon', '16,house_number']);
      expect(report[1]).toMatch(/duplicate address/);
      db.close();
    });
  }

  it('gives the same register from .csv.gz, .csv.zst and .zip', () => {
    const { db, dir } = boundariesDb();
    const plain = readFileSync(REGISTER_FIXTURES.ljpc);
    const gz = join(dir, 'r.csv.gz');
    writeFileSync(gz, gzipSync(plain));
    // Written once with the zstd CLI (zstd -19); fzstd only decompresses.
    const zst = REGISTER_FIXTURES.ljpcZst;
    const zip = join(dir, 'r.zip');
    writeFileSync(zip, zipSync({ 'readme.txt/': new Uint8Array(0), 'adressen.csv': new Uint8Array(plain) }));
    const base = loadRegister(db, { label: 'plain', files: [REGISTER_FIXTURES.ljpc] });
    for (const file of [gz, zst, zip]) {
      const s = loadRegister(db, { label: file, files: [file] });
      expect({ ...s, label: 'plain', files: [], seconds: 0 }).toEqual({ ...base, files: [], seconds: 0 });
      expect(registerRows(db, file)).toEqual(registerRows(db, 'plain'));
    }
    db.close();
  });

  it('refuses truncated archives, invalid UTF-8 and unknown headers, changing nothing', () => {
    const { db, dir } = boundariesDb();
    loadRegister(db, { label: 'r', files: [REGISTER_FIXTURES.ljpc] });
    const before = registerRows(db, 'r');
    const gz = gzipSync(readFileSync(REGISTER_FIXTURES.nlextract));
    const cutGz = join(dir, 'cut.csv.gz');
    writeFileSync(cutGz, gz.subarray(0, gz.length - 20));
    expect(() => loadRegister(db, { label: 'r', files: [cutGz] })).toThrow(/cut\.csv\.gz: the gzip archive is truncated or corrupt/);
    const cutZst = join(dir, 'cut.csv.zst');
    writeFileSync(cutZst, readFileSync(REGISTER_FIXTURES.ljpcZst).subarray(0, 200));
    expect(() => loadRegister(db, { label: 'r', files: [cutZst] })).toThrow(/cut\.csv\.zst: the zstd archive is truncated or corrupt/);
    const zip = zipSync({ 'a.csv': new Uint8Array(readFileSync(REGISTER_FIXTURES.nlextract)) });
    const cutZip = join(dir, 'cut.zip');
    writeFileSync(cutZip, zip.subarray(0, 300));
    expect(() => loadRegister(db, { label: 'r', files: [cutZip] })).toThrow(/cut\.zip: the zip archive is truncated or corrupt/);
    const latin = join(dir, 'latin.csv');
    writeFileSync(latin, Buffer.from(readFileSync(REGISTER_FIXTURES.ljpc, 'utf8').replace('Poortdijk;2', 'Poortdijk café;2'), 'latin1'));
    expect(() => loadRegister(db, { label: 'r', files: [latin] })).toThrow(
      /latin\.csv:10: the file is not valid UTF-8.*--encoding windows-1252/,
    );
    const odd = join(dir, 'odd.csv');
    writeFileSync(odd, 'a;b;c\n1;2;3\n');
    expect(() => loadRegister(db, { label: 'r', files: [odd] })).toThrow(/odd\.csv:1: not a known address register header/);
    expect(() => loadRegister(db, { label: 'r', files: [odd] })).toThrow(ImportError);
    expect(registerRows(db, 'r')).toEqual(before);
    // The Excel variant loads with --encoding windows-1252.
    const s = loadRegister(db, { label: 'latin', files: [latin], encoding: 'windows-1252' });
    expect(s.addresses).toBe(13);
    expect(
      db
        .prepare("SELECT street FROM register_addresses WHERE postcode = '3401AA' AND house_number = 2 AND street LIKE 'Poortdijk caf%'")
        .pluck()
        .all(),
    ).toEqual(['Poortdijk café']);
    db.close();
  });

  it('re-loading a label replaces it; --columns maps another header', () => {
    const { db, dir } = boundariesDb();
    loadRegister(db, { label: 'r', files: [REGISTER_FIXTURES.ljpc] });
    const id = db.prepare("SELECT id FROM registers WHERE label = 'r'").pluck().get();
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'pc,hnr,lon,lat\n3412AK,158,4.89189,51.94518\n3412 ak,158,4.89189,51.94518\n');
    const s = loadRegister(db, { label: 'r', files: [other], columns: 'postcode=pc,house_number=hnr' });
    expect(s).toMatchObject({ formats: ['canonical'], rows_read: 2, addresses: 1, duplicates: 1, areas_by_polygon: 1 });
    expect(db.prepare("SELECT id FROM registers WHERE label = 'r'").pluck().get()).toBe(id);
    expect(db.prepare('SELECT count(*) FROM register_addresses').pluck().get()).toBe(1);
    expect(() => loadRegister(db, { label: 'r', files: [other], columns: 'hnr' })).toThrow(/--columns: 'hnr' is not NAME=HEADER/);
    db.close();
  });
});

// The register commands end to end through bin/atlas.js: their JSON contracts and messages.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { tempDir, writeCsv } from '../helpers/temp-db.ts';
import { COVERAGE_FIXTURES, REGISTER_FIXTURES } from './fixtures.ts';

const ATLAS = fileURLToPath(new URL('../../bin/atlas.js', import.meta.url));

function atlas(...args: string[]) {
  const run = spawnSync(process.execPath, [ATLAS, ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, json: () => JSON.parse(run.stdout.trim().split('\n').at(-1)!) };
}

describe('atlas register, registers and import --register', () => {
  it('say the database is busy, without a stack, while another process writes to it, and change nothing', () => {
    const dir = tempDir();
    const db = join(dir, 'busy.sqlite');
    expect(atlas('boundaries', '--db', db, '--level', 'municipality', FIXTURE_FILES.municipalities).code).toBe(0);
    const writer = new Database(db);
    writer.exec('BEGIN IMMEDIATE');
    try {
      const reg = atlas('register', '--db', db, '--label', 'bag', REGISTER_FIXTURES.nlextract);
      expect(reg.code).toBe(1);
      expect(reg.stderr).toContain('the database is busy: another process is writing to it');
      expect(reg.stderr).not.toMatch(/\n\s+at /);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM registers').pluck().get()).toBe(0);
    check.close();
  });

  it('print the contract fields and list registers and the register of each release', () => {
    const dir = tempDir();
    const db = join(dir, 'cli.sqlite');
    expect(atlas('boundaries', '--db', db, '--level', 'municipality', FIXTURE_FILES.municipalities).code).toBe(0);
    const reg = atlas('register', '--db', db, '--label', 'bag', '--as-of', '2026-06-20', '--json', REGISTER_FIXTURES.nlextract);
    expect(reg.code).toBe(0);
    expect(reg.stdout).toContain('recognised as the NLExtract BAG CSV');
    expect(reg.json()).toMatchObject({
      label: 'bag',
      rows_read: 16,
      rows_accepted: 13,
      rows_rejected: 3,
      addresses: 13,
      duplicates: 1,
      snapped: 1,
      disagreements: 1,
    });
    const imp = atlas(
      'import',
      '--db',
      db,
      '--release',
      'r1',
      '--register',
      'bag',
      '--match-report',
      join(dir, 'm.csv'),
      '--json',
      COVERAGE_FIXTURES.byKey,
      COVERAGE_FIXTURES.dutch,
    );
    expect(imp.code).toBe(0);
    expect(imp.json()).toMatchObject({
      register: 'bag',
      matched_rows: 7,
      unmatched_rows: 2,
      ambiguous_rows: 2,
      addresses_with_offer: 7,
      addresses: 13,
      covered: 4,
      uncovered: 9,
    });
    expect(JSON.parse(atlas('registers', '--db', db, '--json').stdout)).toEqual([
      expect.objectContaining({ label: 'bag', as_of: '2026-06-20', formats: ['nlextract'], addresses: 13, duplicates: 1 }),
    ]);
    expect(JSON.parse(atlas('releases', '--db', db, '--json').stdout)).toEqual([
      expect.objectContaining({ label: 'r1', register: 'bag', addresses: 13 }),
    ]);
    expect(atlas('releases', '--db', db).stdout).toMatch(/r1 .* bag /);
    const unknown = atlas('import', '--db', db, '--release', 'r2', '--register', 'nope', COVERAGE_FIXTURES.byKey);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown register 'nope'; registers in the database: bag. Nothing was imported.");
    const bad = atlas('register', '--db', db, '--label', 'bag', writeCsv(dir, 'bad.csv', ['a,b', '1,2']));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.csv:1: not a known address register header.*Nothing was loaded\./s);
    expect(atlas('register', '--db', db, '--label', 'x', '--encoding', 'latin9', REGISTER_FIXTURES.ljpc).code).toBe(2);
  });
});

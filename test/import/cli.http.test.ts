// The atlas CLI for boundaries, import, releases and migrate, run as a subprocess: output and exit codes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { HEADER, LOPIK, tempDir, writeCsv } from '../helpers/temp-db.ts';

const ATLAS = fileURLToPath(new URL('../../bin/atlas.js', import.meta.url));

function atlas(...args: string[]) {
  const run = spawnSync(process.execPath, [ATLAS, ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the atlas CLI for boundaries, import, releases and migrate', () => {
  const dir = tempDir();
  const db = join(dir, 'cli.sqlite');

  it('loads boundaries, imports with --json, lists releases and migrates', () => {
    expect(atlas('boundaries', '--db', db, '--level', 'municipality', FIXTURE_FILES.municipalities)).toMatchObject({ code: 0 });
    const rejects = join(dir, 'rejects.csv');
    const run = atlas(
      'import',
      '--db',
      db,
      '--release',
      '2024-12',
      '--as-of',
      '2024-12-31',
      '--rejects',
      rejects,
      '--json',
      FIXTURE_FILES.release2024,
    );
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({
      release: '2024-12',
      rows_read: 636,
      rows_accepted: 627,
      rows_rejected: 9,
      addresses: 330,
      covered: 294,
      uncovered: 36,
      rejects_file: rejects,
    });
    expect(run.stderr).toMatch(/import: 100% 636 rows, [\d,]+ rows\/s, done/);
    const listed = atlas('releases', '--db', db, '--json');
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ label: '2024-12', as_of: '2024-12-31', addresses: 330, covered: 294, uncovered: 36, synthetic: false }),
    ]);
    expect(atlas('migrate', '--db', db).stdout).toContain('already at schema version');
  });

  it('exits non-zero with a clear message when nothing was committed', () => {
    const bad = writeCsv(dir, 'bad.csv', ['postcode,lon,lat', `3411AB,${LOPIK}`]);
    const run = atlas('import', '--db', db, '--release', 'x', bad);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("bad.csv:1: the header has no 'address_id' column");
    expect(run.stderr).toContain('Nothing was imported.');
    expect(atlas('import', '--db', db, writeCsv(dir, 'ok.csv', [HEADER])).code).toBe(2);
  });

  it('refuses an import that accepts no row (exit 1, release unchanged) and escapes control bytes from files', () => {
    const before = atlas('releases', '--db', db, '--json').stdout;
    const headerOnly = atlas('import', '--db', db, '--release', '2024-12', writeCsv(dir, 'header-only.csv', [HEADER]));
    expect(headerOnly.code).toBe(1);
    expect(headerOnly.stderr).toContain('No row was accepted: the files hold no rows');
    expect(headerOnly.stderr).toContain('Nothing was imported.');
    expect(atlas('releases', '--db', db, '--json').stdout).toBe(before);
    const evil = writeCsv(dir, 'evil.csv', ['id\u001b[2J\u001b]0;pwned\u0007,lon,lat', `A,${LOPIK}`]);
    const escaped = atlas('import', '--db', db, '--release', 'evil', evil);
    expect(escaped.code).toBe(1);
    expect(escaped.stderr).toContain("found: 'id\\x1b[2J\\x1b]0;pwned\\x07'");
    const controls = [...escaped.stderr].filter((c) => c.charCodeAt(0) < 32 && c !== '\n' && c !== '\t');
    expect(controls).toEqual([]);
    const withRejects = atlas(
      'import',
      '--db',
      db,
      '--release',
      'r',
      '--max-rejects',
      '0',
      writeCsv(dir, 'one-bad.csv', [HEADER, `A,3411AB,1,${LOPIK},P,FTTH,1000,1000`, `B,3411AB,2,${LOPIK},P,LASER,1,1`]),
    );
    expect(withRejects.code).toBe(1);
    expect(withRejects.stderr).toContain('1 of 2 rows were rejected (50 %, more than 0 %)');
    expect(withRejects.stderr).toContain('For example: one-bad.csv line 3, technology: unknown technology');
  });

  it('exits non-zero for an invalid boundary file', () => {
    const run = atlas('boundaries', '--db', db, '--level', 'province', FIXTURE_FILES.municipalities);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('feature 1 (code PV26): code PV26 is also used by feature 0');
  });
});

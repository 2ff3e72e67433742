// `atlas report` as a user runs it: a child process over the fixture database writing real files.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/index.ts';
import { runAtlas } from '../helpers/atlas-cli.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { readPdf } from './pdf-reader.ts';

let dir: string;
let db: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-report-cli-'));
  db = await buildFixtureDb(dir);
  store = openStore(db);
});

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const atlas = (...args: string[]) => runAtlas('report', ...args);

describe('atlas report', () => {
  it('writes the report of one area to --out', async () => {
    const release = store.releases.newest()!;
    const area = store.stats.areas(release.id, 'municipality', { down: 1000, up: null, fixed_only: false })[0];
    const out = join(dir, 'one', `${area.code}.pdf`);
    const { code, stdout } = await atlas('--db', db, '--area', area.code, '--lang', 'en', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toContain(`Wrote ${out}`);
    const { flat } = readPdf(readFileSync(out));
    expect(flat).toContain(`${area.name} (${area.code})`);
    expect(flat).toContain(`Release ${release.label}`);
  });

  it('writes one report per municipality with --all and shows progress', async () => {
    const out = join(dir, 'all');
    const { code, stderr } = await atlas('--db', db, '--all', '--out', out);
    expect(code).toBe(0);
    const release = store.releases.newest()!;
    const codes = store.stats.areas(release.id, 'municipality', { down: 1000, up: null, fixed_only: false }).map((a) => `${a.code}.pdf`);
    expect(readdirSync(out).sort()).toEqual(codes.sort());
    expect(stderr).toContain(`report: ${codes.length}/${codes.length}`);
  });

  it('exits 1 naming the unknown area and writes nothing', async () => {
    const out = join(dir, 'unknown.pdf');
    const { code, stderr } = await atlas('--db', db, '--area', 'XX0000', '--out', out);
    expect(code).toBe(1);
    expect(stderr).toContain("Unknown area code 'XX0000'");
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 on a threshold that is not allowed or on --area together with --all', async () => {
    const badDown = await atlas('--db', db, '--area', 'GM0001', '--down', '50', '--out', join(dir, 'x.pdf'));
    expect(badDown.code).toBe(2);
    expect(badDown.stderr).toContain('--down must be one of 30, 100, 1000');
    expect((await atlas('--db', db, '--area', 'GM0001', '--all', '--out', dir)).code).toBe(2);
  });
});

// buildDemo end to end at a small scale (every demo release into one SQLite file), the in-place build
// (newest release first, interrupted and completed) giving the same database, and `atlas demo --if-missing`.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RELEASES } from '../../pipeline/demo/calibration.ts';
import { buildDemo, type DemoSummary } from '../../pipeline/demo/build.ts';
import { databaseState, hasReleases } from '../../pipeline/demo/database-state.ts';
import { DATA_DIR, readMunicipalities, REFERENCE_FILES } from '../../pipeline/demo/reference.ts';
import { writeReleaseCsvs } from '../../pipeline/demo/release-csv.ts';
import { command as demoCommand } from '../../cli/commands/demo.ts';
import { tableChecksums } from '../helpers/table-checksums.ts';

const SCALE = 0.002;
const SEED = 11;
const dir = mkdtempSync(join(tmpdir(), 'atlas-demo-build-'));
const dbPath = join(dir, 'demo.sqlite');
let summary: DemoSummary;
let db: Database.Database;

beforeAll(async () => {
  summary = await buildDemo({ db: dbPath, scale: SCALE, seed: SEED, tmpDir: dir });
  db = new Database(dbPath, { readonly: true });
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('buildDemo', () => {
  it('stores every demo release as synthetic with its as-of date and no rejected rows', () => {
    const rows = db.prepare('SELECT label, as_of, synthetic, rows_rejected FROM releases ORDER BY as_of').all();
    expect(rows).toEqual(DEMO_RELEASES.map((r) => ({ label: r.label, as_of: r.asOf, synthetic: 1, rows_rejected: 0 })));
  });

  it('imports exactly the addresses and coverage the generator writes, through a register and coverage lists', async () => {
    const stats = await writeReleaseCsvs(
      DEMO_RELEASES.map((r) => ({ release: r.label, path: join(dir, `check-${r.label}.csv`) })),
      { scale: SCALE, seed: SEED },
    );
    const stored = db
      .prepare(`SELECT r.label AS release, r.addresses, r.covered, r.uncovered, g.label AS register, g.addresses AS registered,
      g.formats FROM releases r JOIN registers g ON g.id = r.register_id ORDER BY r.as_of`)
      .all();
    expect(stored).toEqual(
      stats.map(({ release, addresses, covered, uncovered }) => ({
        release,
        addresses,
        covered,
        uncovered,
        register: `demo-bag-${release}`,
        registered: addresses,
        formats: '["nlextract"]',
      })),
    );
    expect(summary.releases.map((r) => r.addresses)).toEqual(stats.map((s) => s.addresses));
    // The real path's bookkeeping: no duplicates in the generated register, and the late list's rows
    // fit no address (unmatched) or several (ambiguous) without ever changing the figures.
    expect(summary.registers.map((r) => r.duplicates)).toEqual(stats.map(() => 0));
    for (const r of summary.releases) {
      expect(r.unmatched_rows, r.release).toBeGreaterThan(0);
      expect(r.ambiguous_rows, r.release).toBeGreaterThan(0);
      expect(r.matched_rows! + r.unmatched_rows! + r.ambiguous_rows! + r.rows_rejected).toBe(r.rows_read);
    }
  });

  it('gives each municipality its share of the dwelling stock in the newest release', () => {
    const counts = new Map(
      db
        .prepare(`SELECT area_code, count(*) AS n FROM addresses
      WHERE release_id = (SELECT id FROM releases WHERE label = ?) GROUP BY area_code`)
        .raw()
        .all(DEMO_RELEASES.at(-1)!.label) as Array<[string, number]>,
    );
    for (const m of readMunicipalities()) expect(counts.get(m.code), m.code).toBe(Math.max(1, Math.round(m.dwellings * SCALE)));
  });

  it('loads municipalities under their provinces from the embedded boundaries', () => {
    const levels = db.prepare(`SELECT level, count(*) AS n, count(parent_code) AS parents FROM areas GROUP BY level ORDER BY level`).all();
    expect(levels).toEqual([
      { level: 'municipality', n: 342, parents: 342 },
      { level: 'province', n: 12, parents: 0 },
    ]);
    const orphans = db
      .prepare(`SELECT count(*) FROM areas m WHERE level = 'municipality'
      AND parent_code NOT IN (SELECT code FROM areas WHERE level = 'province')`)
      .pluck()
      .get();
    expect(orphans).toBe(0);
    expect([summary.municipalities, summary.provinces]).toEqual([342, 12]);
  });

  it('leaves no temporary CSV or partial database behind', () => {
    expect(readdirSync(dir).filter((f) => f.startsWith('atlas-demo-') || f.endsWith('.partial'))).toEqual([]);
  });

  it('leaves an existing database untouched when the build fails halfway', async () => {
    const brokenData = mkdtempSync(join(dir, 'data-'));
    for (const file of Object.values(REFERENCE_FILES)) copyFileSync(join(DATA_DIR, file), join(brokenData, file));
    writeFileSync(join(brokenData, REFERENCE_FILES.postcodes), 'pc4,lon,lat\n1011,x,52\n');
    const before = statSync(dbPath).mtimeMs;
    await expect(buildDemo({ db: dbPath, scale: SCALE, seed: SEED, dataDir: brokenData, tmpDir: dir })).rejects.toThrow(
      /pc4_2021\.csv:2:lon/,
    );
    expect(statSync(dbPath).mtimeMs).toBe(before);
    expect(hasReleases(dbPath)).toBe(true);
    expect(existsSync(`${dbPath}.partial`)).toBe(false);
  });
});

describe('buildDemo in place', () => {
  const staged = join(dir, 'staged.sqlite');

  it('commits the newest release first, and an interrupted build is completed into the same database as one built in one go', async () => {
    const seen: { release: string; pending: string[]; stored: string[] }[] = [];
    class Interrupted extends Error {}
    await expect(
      buildDemo({
        db: staged,
        scale: SCALE,
        seed: SEED,
        tmpDir: dir,
        inPlace: true,
        onRelease: (release, pending) => {
          const check = new Database(staged, { readonly: true });
          const stored = check.prepare('SELECT label FROM releases ORDER BY id').pluck().all() as string[];
          const announced = check.prepare('SELECT label FROM pending_releases ORDER BY position').pluck().all() as string[];
          check.close();
          seen.push({ release, pending, stored });
          expect(announced).toEqual(pending);
          // Stop after the second release, as a kill would (the started build of the third is lost).
          if (seen.length === 2) throw new Interrupted();
        },
      }),
    ).rejects.toThrow(Interrupted);
    const newest = DEMO_RELEASES.at(-1)!.label;
    const older = DEMO_RELEASES.slice(0, -1)
      .map((r) => r.label)
      .reverse();
    expect(seen).toEqual([
      { release: newest, pending: older, stored: [newest] },
      { release: older[0], pending: older.slice(1), stored: [newest, older[0]] },
    ]);
    expect(databaseState(staged)).toMatchObject({
      state: 'incomplete',
      releases: 2,
      pending: older.slice(1),
      build: { scale: SCALE, seed: SEED },
    });
    expect(hasReleases(staged)).toBe(false);

    // Completed with the scale and seed it was started with, whatever is asked now.
    const rest = await buildDemo({ db: staged, scale: SCALE * 2, seed: SEED + 1, tmpDir: dir, inPlace: true });
    // The summary lists them oldest first, as everywhere else.
    expect(rest.releases.map((r) => r.release)).toEqual(older.slice(1).reverse());
    expect([rest.scale, rest.seed]).toEqual([SCALE, SEED]);
    expect(databaseState(staged)).toEqual({ state: 'complete' });

    const oneGo = tableChecksums(dbPath);
    const inPlace = tableChecksums(staged);
    expect(oneGo.address_rows.rows).toBeGreaterThan(0);
    expect(oneGo.pending_releases.rows).toBe(0);
    expect(inPlace).toEqual(oneGo);
    // A bulk register load drops the lookup and grid indexes and builds them again: they are there in the end.
    const check = new Database(staged, { readonly: true });
    const indexes = check
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'register_addresses' ORDER BY name`)
      .pluck()
      .all();
    check.close();
    expect(indexes).toEqual(['register_addresses_by_grid', 'register_addresses_by_id', 'register_addresses_by_number']);
  }, 180_000);
});

describe('atlas demo --if-missing', () => {
  it('does nothing when the database already has releases', async () => {
    const before = statSync(dbPath).mtimeMs;
    expect(await demoCommand(['--db', dbPath, '--if-missing', '--scale', String(SCALE)])).toBe(0);
    expect(statSync(dbPath).mtimeMs).toBe(before);
  });

  it('does not take a database without releases for a finished one', () => {
    const empty = join(dir, 'empty.sqlite');
    new Database(empty).close();
    expect(hasReleases(empty)).toBe(false);
    expect(hasReleases(join(dir, 'missing.sqlite'))).toBe(false);
  });

  it('rejects a scale outside (0, 10] with the allowed range', async () => {
    expect(await demoCommand(['--db', join(dir, 'x.sqlite'), '--scale', '0'])).toBe(2);
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
  });
});

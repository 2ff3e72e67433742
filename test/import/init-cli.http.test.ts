// `atlas init` as a user runs it, and /api/v1/meta listing the definitions a database stores (the
// Dutch defaults, stored: false, when init never ran).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAtlas } from '../helpers/atlas-cli.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { startTestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/temp-db.ts';

describe('atlas init', () => {
  it('stores US definitions that /api/v1/meta then lists', async () => {
    const db = join(tempDir(), 'us.sqlite');
    const run = await runAtlas(
      'init',
      ...['--db', db, '--down', '25,100,1000', '--up', '3,20,100', '--goal-down', '100', '--goal-up', '20'],
      ...['--goal-year', '2030', '--goal-pct', '100', '--technologies', 'FTTH,CABLE,DSL,FWA,SATELLITE,OTHER'],
      ...['--tiers', 'underserved=25/3,served=100/20,gigabit=1000', '--ramp', '50,80,90,95,99,100'],
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('down 25, 100, 1000 Mbit/s; up 3, 20, 100 Mbit/s; goal >= 100/20 Mbit/s for 100 % by 2030');
    expect(run.stdout).toContain(
      'tiers ≥ 25/3 Mbit/s (underserved), ≥ 100/20 Mbit/s (served), ≥ 1000 Mbit/s (gigabit); colour classes from 50, 80, 90, 95, 99, 100 % covered.',
    );
    const server = await startTestServer(db);
    try {
      expect((await server.json('/api/v1/meta')).definitions).toEqual({
        down: [25, 100, 1000],
        up: [3, 20, 100],
        goal: { down: 100, up: 20, year: 2030, covered_pct: 100 },
        technologies: ['FTTH', 'CABLE', 'DSL', 'FWA', 'SATELLITE', 'OTHER'],
        tiers: [
          { name: 'underserved', down: 25, up: 3 },
          { name: 'served', down: 100, up: 20 },
          { name: 'gigabit', down: 1000, up: null },
        ],
        ramp: [50, 80, 90, 95, 99, 100],
        stored: true,
      });
    } finally {
      await server.stop();
    }
  });

  it("names the database's goal where the import summary and the release list say covered", async () => {
    const db = join(tempDir(), 'served.sqlite');
    const init = ['--down', '25,100,1000', '--up', '3,20,100', '--goal-down', '100', '--goal-up', '20', '--tiers', 'served=100/20'];
    expect((await runAtlas('init', '--db', db, ...init)).code).toBe(0);
    expect((await runAtlas('boundaries', '--db', db, '--level', 'municipality', FIXTURE_FILES.municipalities)).code).toBe(0);
    const run = await runAtlas('import', '--db', db, '--release', '2024-12', '--json', FIXTURE_FILES.release2024);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(run.stdout).toContain(`covered at the goal ≥ 100/20 Mbit/s (served): ${summary.covered}; uncovered: ${summary.uncovered}.`);
    expect(run.stdout).not.toContain('1000 Mbit/s');
    const list = await runAtlas('releases', '--db', db);
    expect(list.stdout).toContain('covered: at the goal ≥ 100/20 Mbit/s (served).');
  });

  it('refuses a tier that is not NAME=DOWN/UP or not among the thresholds, changing nothing', async () => {
    const db = join(tempDir(), 'bad.sqlite');
    const malformed = await runAtlas('init', '--db', db, '--tiers', 'served:100/20');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("--tiers takes NAME=DOWN/UP pairs separated by commas; 'served:100/20' is not one");
    const unknown = await runAtlas('init', '--db', db, '--tiers', 'served=100/20');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('tier served: up 20 is not one of the upload thresholds (10, 50, 100, 1000)');
    const ramp = await runAtlas('init', '--db', db, '--ramp', '95,90');
    expect(ramp.code).toBe(1);
    expect(ramp.stderr).toContain('ramp: class bounds must rise (95 then 90)');
  });

  it('gives a database without init the Dutch defaults, and refuses init once it holds a release', async () => {
    const db = join(tempDir(), 'nl.sqlite');
    expect((await runAtlas('boundaries', '--db', db, '--level', 'municipality', FIXTURE_FILES.municipalities)).code).toBe(0);
    const imported = await runAtlas('import', '--db', db, '--release', '2024-12', FIXTURE_FILES.release2024);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/covered at the goal ≥ 1000 Mbit\/s: \d+; uncovered/);
    expect((await runAtlas('releases', '--db', db)).stdout).toContain('covered: at the goal ≥ 1000 Mbit/s.');
    const refused = await runAtlas('init', '--db', db, '--down', '25,100');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds 1 release\(s\).*Nothing was changed/);
    const server = await startTestServer(db);
    try {
      const meta = await server.json('/api/v1/meta');
      expect(meta.definitions).toMatchObject({ down: [30, 100, 1000], up: [10, 50, 100, 1000], stored: false });
      expect(meta.thresholds).toEqual({ down: [30, 100, 1000], up: [10, 50, 100, 1000], default_down: 1000 });
    } finally {
      await server.stop();
    }
  });

  it.each([
    [['--down', '25,abc'], 2, /--down takes numbers separated by commas; 'abc'/],
    [['--down', '100,25'], 1, /thresholds must rise/],
    [['--goal-down', '50'], 1, /goal down 50 is not one of the download thresholds/],
  ])('refuses %j (exit %i)', async (args, code, message) => {
    const run = await runAtlas('init', '--db', join(tempDir(), 'x.sqlite'), ...args);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
  });
});

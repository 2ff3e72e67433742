// A database from before the diffs (the schema version before them, two releases) gets them from `atlas migrate`, and
// the server answers the pair from the stored diff with the same figures as a pair computed on demand.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWritable, MIGRATIONS, SCHEMA_VERSION } from '../../common/schema.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { openStore } from '../../server/store/index.ts';
import { runAtlas } from '../helpers/atlas-cli.ts';
import { variedRelease } from '../helpers/change-releases.ts';
import { downgradeFixedClasses } from '../helpers/fixed-classes-downgrade.ts';
import { boundariesDb, tempDir } from '../helpers/temp-db.ts';

const dir = tempDir('atlas-changes-migrate-');
/** The schema version just before the migration that adds the diffs. */
const beforeDiffs = MIGRATIONS.findIndex((m) => typeof m === 'string' && m.includes('CREATE TABLE change_pairs'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('atlas migrate', () => {
  it('computes the diffs an older database lacks', async () => {
    const b = boundariesDb(dir);
    importRelease(b.db, { release: 'A', asOf: '2023-01-01', files: [variedRelease(dir, 'a.csv', 1)] });
    importRelease(b.db, { release: 'B', asOf: '2024-01-01', files: [variedRelease(dir, 'b.csv', 2)] });
    closeWritable(b.db);
    // What a database of the version before the diffs looks like: no change_* tables, and none of the
    // fixed-line migration that came after them.
    const before = openStore(b.path);
    const diff = before.changes.pair(before.releases.resolve('A').id, before.releases.resolve('B').id);
    const expected = before.changes.figures(diff, 'all', '', { down: 1000, up: null, fixed_only: false });
    before.close();
    const old = new Database(b.path);
    for (const t of ['change_pairs', 'change_stats', 'change_cells', 'change_addresses']) old.exec(`DROP TABLE ${t}`);
    // The migrations after the diffs are undone too: pending releases, then the fixed-line classes.
    downgradeFixedClasses(old);
    old.exec('DROP TABLE pending_releases');
    old.pragma(`user_version = ${beforeDiffs}`);
    old.close();

    const run = await runAtlas('migrate', '--db', b.path);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`migrated from schema version ${beforeDiffs} to ${SCHEMA_VERSION}`);
    expect(run.stdout).toMatch(/computed the changes between 1 pair/);

    const store = openStore(b.path);
    try {
      const stored = store.changes.pair(store.releases.resolve('A').id, store.releases.resolve('B').id);
      expect(stored.stored).toBe(true);
      expect(store.changes.figures(stored, 'all', '', { down: 1000, up: null, fixed_only: false })).toEqual(expected);
      expect(expected.newly_covered + expected.lost).toBeGreaterThan(0);
    } finally {
      store.close();
    }
    const again = await runAtlas('migrate', '--db', b.path);
    expect(again.stdout).not.toMatch(/computed the changes/);
  });
});

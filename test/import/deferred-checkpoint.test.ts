// An import that defers its WAL checkpoint (atlas import: inImportTransaction's deferCheckpoint) leaves
// its pages in the WAL at commit, readable at once; checkpointInWorker then copies them into the file
// from another thread, and the data reads the same from the file alone.
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointInWorker } from '../../cli/checkpoint.ts';
import { closeWritable } from '../../common/schema.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { boundariesDb, tempDir } from '../helpers/temp-db.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/connections/2024-12.csv');
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const addresses = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM addresses').pluck().get();
  } finally {
    db.close();
  }
};

describe('a deferred checkpoint', () => {
  it('leaves the commit in the WAL, readable, until checkpointInWorker copies it into the file', async () => {
    const { db, dir, path } = boundariesDb(tempDir('atlas-checkpoint-'));
    dirs.push(dir);
    db.pragma('wal_checkpoint(TRUNCATE)');
    // A threshold the fixture's pages pass (the default, 1,000 pages, is more than it writes).
    db.pragma('wal_autocheckpoint = 10');
    const before = statSync(path).size;
    const summary = importRelease(db, { release: 'r1', files: [FIXTURE], deferCheckpoint: true });
    expect(summary.addresses).toBeGreaterThan(0);
    // The file has not grown: the release's pages are all in the WAL, where readers find them.
    expect(statSync(path).size).toBe(before);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    expect(addresses(path)).toBe(summary.addresses);
    // The connection's own setting is back: a later commit of its own checkpoints as before.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10);
    await checkpointInWorker(path);
    expect(statSync(path).size).toBeGreaterThan(before);
    closeWritable(db);
    // Closed in rollback-journal mode, the file alone holds the release.
    expect(() => statSync(`${path}-wal`)).toThrow();
    expect(addresses(path)).toBe(summary.addresses);
  });

  it('is not taken by default: the commit copies its pages into the file', () => {
    const { db, dir, path } = boundariesDb(tempDir('atlas-checkpoint-'));
    dirs.push(dir);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('wal_autocheckpoint = 10');
    const before = statSync(path).size;
    importRelease(db, { release: 'r1', files: [FIXTURE] });
    expect(statSync(path).size).toBeGreaterThan(before);
    closeWritable(db);
  });

  it('resolves when the database cannot be opened: the data is committed either way', async () => {
    await expect(checkpointInWorker('/nonexistent/atlas.sqlite')).resolves.toBeUndefined();
  });
});

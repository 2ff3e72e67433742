// buildIndexes: the indexes a bulk load dropped, built with SQLite's sorter on helper threads and a
// small cache; the connection's own cache size and thread limit come back, also when a statement fails.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndexes } from '../../pipeline/import/build-indexes.ts';
import { seededRandom } from '../helpers/random.ts';
import { tempDir } from '../helpers/temp-db.ts';

function filled(rows: number): Database.Database {
  // A file: SQLite sorts on helper threads only where temporary data may go to disk (not for :memory:).
  const db = new Database(join(tempDir(), 'indexes.sqlite'));
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)');
  const random = seededRandom(5);
  const insert = db.prepare('INSERT INTO t (a, b) VALUES (?, ?)');
  db.transaction(() => {
    // Many equal keys, as FCC locations sharing a cell centre have.
    for (let i = 0; i < rows; i++) insert.run(Math.floor(random() * 50), `k${Math.floor(random() * 1e6)}`);
  })();
  db.pragma('cache_size = -1234');
  db.pragma('threads = 0');
  return db;
}

const settings = (db: Database.Database) => [db.pragma('cache_size', { simple: true }), db.pragma('threads', { simple: true })];

describe('buildIndexes', () => {
  it('builds every index, in order, and restores the cache size and thread limit', () => {
    const db = filled(300_000);
    // Runs of 1 MiB: the sort of ~8 MiB goes through several, merged on the helper threads.
    buildIndexes(db, ['CREATE INDEX t_a ON t(a, b)', 'CREATE INDEX t_b ON t(b) WHERE a < 10'], 1024);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").pluck().all()).toEqual(['t_a', 't_b']);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The index holds every row in key order.
    const viaIndex = db.prepare('SELECT id FROM t INDEXED BY t_a ORDER BY a, b, id').pluck().all();
    const sorted = (db.prepare('SELECT id, a, b FROM t NOT INDEXED').all() as { id: number; a: number; b: string }[])
      .sort((x, y) => x.a - y.a || (x.b < y.b ? -1 : x.b > y.b ? 1 : 0) || x.id - y.id)
      .map((r) => r.id);
    expect(viaIndex).toEqual(sorted);
    expect(settings(db)).toEqual([-1234, 0]);
    db.close();
  });

  it('restores them when a statement fails, and leaves the statements after it unrun', () => {
    const db = filled(1_000);
    expect(() => buildIndexes(db, ['CREATE UNIQUE INDEX t_a ON t(a)', 'CREATE INDEX t_b ON t(b)'])).toThrow(/UNIQUE/);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'").pluck().get()).toBe(0);
    expect(settings(db)).toEqual([-1234, 0]);
    db.close();
  });
});

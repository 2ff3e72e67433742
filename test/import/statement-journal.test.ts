// The statement journal of an import's transaction (inImportTransaction) stays in memory: SQLite writes it
// to a temporary file once a statement's journal passes 64 KiB, and that file then takes every later
// statement's journal for the rest of the transaction (3.9 GB of writes in a 10 M-row BDC import). The
// open files of this process show it (Linux: /proc/self/fd); the connection's temp_store is its own
// again inside the load (the index sorter's helper threads need it) and after it.
import { existsSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { inImportTransaction } from '../../pipeline/import/session.ts';
import { tempDir } from '../helpers/temp-db.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** SQLite's temporary files this process holds open (named etilqs_*, deleted at once on Unix). */
function sqliteTempFiles(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.includes('etilqs_') ? [target] : [];
    } catch {
      return [];
    }
  });
}

/** A WAL database whose table `t` spans ~2 MiB of pages, committed. */
function database(): Database.Database {
  const dir = tempDir('atlas-subjournal-');
  dirs.push(dir);
  const db = new Database(join(dir, 'db.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, pad TEXT NOT NULL)');
  db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
    INSERT INTO t (v, pad) SELECT i, printf('%.200c', 'x') FROM n`).run();
  return db;
}

describe.skipIf(!existsSync('/proc/self/fd'))("an import transaction's statement journal", () => {
  it('is held in memory, where a plain transaction spills it to a temporary file', () => {
    // The oracle: the same statement in a plain transaction journals ~2 MiB, past the spill threshold.
    const plain = database();
    const temp = plain.pragma('temp_store', { simple: true });
    const seen: string[][] = [];
    plain.transaction(() => {
      plain.prepare('UPDATE t SET v = v + 1').run();
      seen.push(sqliteTempFiles());
      plain.prepare('UPDATE t SET v = v + 1').run();
    })();
    expect(seen[0].length).toBeGreaterThan(0);
    plain.close();

    const db = database();
    inImportTransaction(
      db,
      () => {
        expect(db.pragma('temp_store', { simple: true })).toBe(temp);
        db.prepare('UPDATE t SET v = v + 1').run();
        seen.push(sqliteTempFiles());
        db.prepare('UPDATE t SET v = v + 1').run();
      },
      () => {},
    );
    expect(seen[1]).toEqual([]);
    expect(db.pragma('temp_store', { simple: true })).toBe(temp);
    expect(db.prepare('SELECT min(v), max(v) FROM t').raw().get()).toEqual([3, 10002]);
    db.close();
  });

  it('undoes a statement that fails half-way, and the load goes on', () => {
    const db = database();
    inImportTransaction(
      db,
      () => {
        db.prepare('UPDATE t SET v = v + 1').run();
        // Row 5,000 fails: the 4,999 rows before it are put back from the journal, the first UPDATE stays.
        expect(() => db.prepare('UPDATE t SET v = CASE WHEN id = 5000 THEN NULL ELSE v + 1 END').run()).toThrow(/NOT NULL/);
        expect(db.prepare('SELECT min(v), max(v), sum(v) FROM t').raw().get()).toEqual([2, 10001, 50015000]);
      },
      () => {},
    );
    expect(db.prepare('SELECT min(v), max(v), sum(v) FROM t').raw().get()).toEqual([2, 10001, 50015000]);
    db.close();
  });
});

// Builds the indexes a bulk load dropped (CREATE INDEX statements), with SQLite's sorter on more than
// one core. CREATE INDEX sorts every entry; the sorter hands sorted runs to helper threads only when
// the entries exceed its memory, which is the page cache's size, and the import's cache (256 MiB)
// holds the whole sort of 4 M addresses, so one core sorted it all. With a small cache for the
// duration of the statements and helper threads (PRAGMA threads), the runs are sorted on the other
// cores. The five address indexes, in a transaction holding 200 MiB of dirty pages as an import's
// does, the other core free: 11.6-12.0 s -> 10.3-10.9 s for the NL import bench's 4.1 M rows;
// 21.0-21.4 s -> 14.3-14.5 s for the BDC bench's 4 M locations, whose many shared cell centres
// make long sorts. The indexes are the same. Runs of 4 MiB rather than 32 MiB sort in the processor's
// cache: the BDC bench's grid index alone took 6.8-7.0 s of user CPU against 7.9-8.8 s (sqlite3 CLI,
// one helper), and in the import, beside the clusters' worker, the rebuild took 13.1-13.5 s against
// 16.6-17.4 s (2026-12-04, three runs against three, one more of each under outside load left out).
import { availableParallelism } from 'node:os';
import type Database from 'better-sqlite3';

/** Page cache (KiB) while the indexes are built: the size of each sorted run (small enough to sort in the processor's cache). */
const SORT_CACHE_KIB = 4 * 1024;
/** Helper threads at most: the measured gain was the same with two as with one on two cores. */
const MAX_SORT_THREADS = 2;

/**
 * Runs `statements` (CREATE INDEX) with the sorter's helper threads, its runs `cacheKib` each; the
 * connection's settings are restored after.
 */
export function buildIndexes(db: Database.Database, statements: readonly string[], cacheKib = SORT_CACHE_KIB): void {
  if (statements.length === 0) return;
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const threads = db.pragma('threads', { simple: true }) as number;
  db.pragma(`cache_size = ${-cacheKib}`);
  db.pragma(`threads = ${Math.min(MAX_SORT_THREADS, availableParallelism() - 1)}`);
  try {
    for (const statement of statements) db.exec(statement);
  } finally {
    db.pragma(`threads = ${threads}`);
    db.pragma(`cache_size = ${cache}`);
  }
}

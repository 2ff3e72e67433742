// What every load into the database shares (connection imports, registers, joined releases): the
// option checks, the up-front readability check of the files, and the one IMMEDIATE transaction
// with the import's page cache, so that a failure or a kill leaves the database as it was.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { addressLevel } from '../../common/levels.ts';
import type { ImportSummary } from '../../common/types.ts';
import { FileError } from './columns.ts';
import type { Rejects } from './rejects.ts';
import { ImportStore, type StoredArea } from './store.ts';

/** A load that cannot run (bad options, unreadable file, unusable header); nothing was changed. */
export class ImportError extends Error {}

/** Page cache for the import (KiB, as negative cache_size): fewer spills of the big transaction. */
const IMPORT_CACHE_KIB = 256 * 1024;

export function checkLabel(label: string, what: string): void {
  if (!/^\S(.*\S)?$/.test(label)) throw new ImportError(`The ${what} label must be non-empty text without leading or trailing spaces.`);
}

export function checkAsOf(asOf: string | null | undefined): void {
  if (asOf != null && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)))) {
    throw new ImportError(`--as-of must be a date as YYYY-MM-DD (got '${asOf}').`);
  }
}

/** Size of a file, checking up front that it can be read at all. */
export function readableSize(file: string): number {
  try {
    const fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    closeSync(fd);
    return size;
  } catch (err) {
    throw new ImportError(`${file}: cannot read the file (${(err as Error).message}).`);
  }
}

/**
 * Runs `load` in one IMMEDIATE transaction with a big page cache and synchronous=NORMAL (WAL with
 * it never corrupts on a crash; it only skips fsyncs on commit). A FileError becomes an ImportError.
 * `deferCheckpoint`: the commit does not copy the new pages from the WAL into the file (SQLite's
 * automatic checkpoint, 7.6 s of a national join); the caller checkpoints, or the last close does.
 *
 * The statement journal is held in memory. In WAL mode a page the cache spills during a write statement
 * is first copied to that journal; once one statement's journal passes 64 KiB SQLite moves it to a
 * temporary file, and every later statement of the transaction journals through that file: 3.9 GB of
 * writes in a 10 M-row BDC import, and 2.3 s against 1.4-1.5 s to write its 112 k clusters. SQLite takes
 * where the journal goes from temp_store when the write transaction begins, so MEMORY is set for the
 * BEGIN only: the connection's own setting is back inside the load (CREATE INDEX sorts on one thread
 * with temp_store MEMORY) and for its temporary tables. (Outside a transaction the setting may always
 * change, closing the temporary database; inside, only while that is closed, as it is after the BEGIN.)
 * Inside a caller's transaction, its journal stays where that transaction put it.
 */
export function inImportTransaction(db: Database.Database, load: () => void, cleanup: () => void, deferCheckpoint = false): void {
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  const previousSync = db.pragma('synchronous', { simple: true }) as number;
  const previousCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const previousTempStore = db.pragma('temp_store', { simple: true }) as number;
  db.pragma(`cache_size = ${-IMPORT_CACHE_KIB}`);
  db.pragma('synchronous = NORMAL');
  if (deferCheckpoint) db.pragma('wal_autocheckpoint = 0');
  const nested = db.inTransaction;
  try {
    if (!nested) db.pragma('temp_store = MEMORY');
    db.transaction(() => {
      // The journal's place is set; this connection's temporary files (sorter, TEMP tables) are as before.
      if (!nested) db.pragma(`temp_store = ${previousTempStore}`);
      load();
    }).immediate();
  } catch (err) {
    if (err instanceof FileError) throw new ImportError(err.message);
    throw err;
  } finally {
    cleanup();
    db.pragma(`cache_size = ${previousCache}`);
    db.pragma(`synchronous = ${previousSync}`);
    db.pragma(`wal_autocheckpoint = ${previousCheckpoint}`);
    if (!nested) db.pragma(`temp_store = ${previousTempStore}`);
  }
}

/** What a load starts from: the leaf areas, and the files' sizes (checked readable) and names. */
export interface LoadStart {
  started: number;
  /** The level of `areas`: the one addresses are assigned to (common/levels.ts). */
  level: string;
  areas: StoredArea[];
  sizes: number[];
  bytesTotal: number;
  names: string[];
}

/** Checks that boundaries are loaded and every file can be read; nothing is changed yet. */
export function startLoad(db: Database.Database, files: readonly string[]): LoadStart {
  const started = performance.now();
  const leafLevel = addressLevel(db);
  const areas = ImportStore.leafAreas(db, leafLevel);
  if (areas.length === 0) {
    throw new ImportError(
      `No ${leafLevel} boundaries in the database. Load them first: atlas boundaries --db PATH --level ${leafLevel} FILE.geojson`,
    );
  }
  const sizes = files.map(readableSize);
  return {
    started,
    level: leafLevel,
    areas,
    sizes,
    bytesTotal: sizes.reduce((sum, size) => sum + size, 0),
    names: files.map((f) => basename(f)),
  };
}

/** Where a load stands: rows read so far and bytes read across all its files. */
export interface LoadProgress {
  file: string;
  rowsRead: number;
  bytesRead: number;
  bytesTotal: number;
  done: boolean;
}

/**
 * Reports a load's progress at most once every `everyRows` rows, with the bytes read of every file
 * so far (two files may be read at a time), and once more when the load is done. Every batch is
 * told, so a file's last batch leaves it counted whole.
 */
export function progressReporter(start: LoadStart, everyRows: number, report?: (progress: LoadProgress) => void) {
  const { names, sizes, bytesTotal } = start;
  const bytesByFile = sizes.map(() => 0);
  let next = everyRows;
  return {
    rows(rowsRead: number, file: number, bytesReadInFile: number): void {
      bytesByFile[file] = bytesReadInFile;
      if (rowsRead < next) return;
      next = rowsRead + everyRows;
      const bytesRead = bytesByFile.reduce((sum, n) => sum + n, 0);
      report?.({ file: names[file], rowsRead, bytesRead, bytesTotal, done: false });
    },
    done(rowsRead: number): void {
      report?.({ file: '', rowsRead, bytesRead: bytesTotal, bytesTotal, done: true });
    },
  };
}

/** The summary of a committed release (the contract fields of atlas import --json). */
export function releaseSummary(
  start: LoadStart,
  r: {
    release: string;
    asOf?: string | null;
    synthetic?: boolean;
    rejectsPath?: string | null;
    rejects: Rejects;
    unknownColumns: Iterable<string>;
    linesRead: number;
    rowsRead: number;
    addresses: number;
    covered: number;
  },
): ImportSummary {
  return {
    release: r.release,
    as_of: r.asOf ?? null,
    lines_read: r.linesRead,
    rows_read: r.rowsRead,
    rows_accepted: r.rowsRead - r.rejects.count,
    rows_rejected: r.rejects.count,
    addresses: r.addresses,
    covered: r.covered,
    uncovered: r.addresses - r.covered,
    synthetic: r.synthetic ?? false,
    files: start.names,
    unknown_columns: [...r.unknownColumns],
    rejects_file: r.rejects.count > 0 ? (r.rejectsPath ?? null) : null,
    rejects_by_reason: Object.fromEntries(r.rejects.byReason),
    seconds: Math.round((performance.now() - start.started) / 10) / 100,
  };
}

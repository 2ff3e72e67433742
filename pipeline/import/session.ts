// What every load into the database shares (connection imports, registers, joined releases): the
// option checks, the up-front readability check of the files, and the one IMMEDIATE transaction
// with the import's page cache, so that a failure or a kill leaves the database as it was.
import { closeSync, fstatSync, openSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { FileError } from './columns.ts';

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
 */
export function inImportTransaction(db: Database.Database, load: () => void, cleanup: () => void): void {
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  const previousSync = db.pragma('synchronous', { simple: true }) as number;
  db.pragma(`cache_size = ${-IMPORT_CACHE_KIB}`);
  db.pragma('synchronous = NORMAL');
  try {
    db.transaction(load).immediate();
  } catch (err) {
    if (err instanceof FileError) throw new ImportError(err.message);
    throw err;
  } finally {
    cleanup();
    db.pragma(`cache_size = ${previousCache}`);
    db.pragma(`synchronous = ${previousSync}`);
  }
}

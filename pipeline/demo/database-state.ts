// What a demo database file holds, as far as building it is concerned: missing, with releases still
// pending (an in-place build under way or interrupted), or complete. Kept apart from the build so that
// `atlas demo --serve` can look before it loads the generator and the import.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/** What a database file holds, as far as building the demo is concerned. */
export type DatabaseState =
  /** No database, or one without releases or announced releases: a build starts from scratch. */
  | { state: 'missing' }
  /** Releases are announced and not all built: an in-place build was interrupted (or is running). */
  | { state: 'incomplete'; releases: number; pending: string[]; build: { scale: number; seed: number } | null }
  /** Releases and none pending. */
  | { state: 'complete' };

export function databaseState(path: string): DatabaseState {
  if (!existsSync(path)) return { state: 'missing' };
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const releases = db.prepare('SELECT count(*) FROM releases').pluck().get() as number;
    const pending = readPending(db);
    if (pending.length > 0) return { state: 'incomplete', releases, pending: pending.map((p) => p.label), build: pending[0].build };
    return releases > 0 ? { state: 'complete' } : { state: 'missing' };
  } catch {
    return { state: 'missing' };
  } finally {
    db?.close();
  }
}

/** Whether a finished database is at `path`: it opens, holds at least one release and none is pending. */
export function hasReleases(path: string): boolean {
  return databaseState(path).state === 'complete';
}

interface PendingRow {
  label: string;
  build: { scale: number; seed: number } | null;
}

/** Announced releases in build order; none on a database from before pending_releases existed. */
export function readPending(db: Database.Database): PendingRow[] {
  const hasTable = db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pending_releases'`).pluck().get();
  if (!hasTable) return [];
  const rows = db.prepare('SELECT label, build FROM pending_releases ORDER BY position').all() as { label: string; build: string }[];
  return rows.map((r) => {
    const demo = (JSON.parse(r.build) as { demo?: { scale: number; seed: number } }).demo;
    return { label: r.label, build: demo ?? null };
  });
}

// A checksum per table of a SQLite file, to tell whether two databases hold the same data: every
// row of every table, sorted, hashed. Columns that record when something ran (imported_at) differ
// between any two builds and are left out (imported_at, computed_at).
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

const WHEN_COLUMNS = new Set(['imported_at', 'computed_at']);

export function tableChecksums(path: string): Record<string, { rows: number; sha256: string }> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all() as string[];
    const out: Record<string, { rows: number; sha256: string }> = {};
    for (const table of tables) {
      const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).filter(
        (c) => !WHEN_COLUMNS.has(c),
      );
      const rows = (
        db
          .prepare(`SELECT ${columns.map((c) => `"${c}"`).join(',')} FROM "${table}"`)
          .raw()
          .all() as unknown[][]
      ).map((r) => JSON.stringify(r));
      rows.sort();
      const hash = createHash('sha256');
      for (const row of rows) hash.update(row).update('\n');
      out[table] = { rows: rows.length, sha256: hash.digest('hex') };
    }
    return out;
  } finally {
    db.close();
  }
}

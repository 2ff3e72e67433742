// The releases of a database, as `atlas releases` lists them.
import type Database from 'better-sqlite3';
import type { ReleaseInfo } from '../../common/types.ts';

export function listReleases(db: Database.Database): ReleaseInfo[] {
  const rows = db.prepare(`SELECT label, as_of, addresses, covered, uncovered, synthetic, imported_at
    FROM releases ORDER BY coalesce(as_of, label), label`).all() as (Omit<ReleaseInfo, 'synthetic'> & { synthetic: number })[];
  return rows.map((r) => ({ ...r, synthetic: r.synthetic === 1 }));
}

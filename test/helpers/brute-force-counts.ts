// The figures the API must give, counted the slow way: straight over the fixture's addresses.
import Database from 'better-sqlite3';
import { downClassFor, upClassFor, type DownThreshold, type UpThreshold } from '../../common/constants.ts';

export interface BruteCounts {
  addresses: number;
  covered: number;
  uncovered: number;
}

export function openBrute(path: string) {
  const db = new Database(path, { readonly: true });
  const releaseId = (label: string) => (db.prepare('SELECT id FROM releases WHERE label = ?').get(label) as { id: number }).id;

  /** Municipality codes of an area: itself, or its children when it is a coarser level. */
  const codesOf = (code: string): string[] => {
    const children = db.prepare('SELECT code FROM areas WHERE parent_code = ?').all(code) as { code: string }[];
    return children.length ? children.map((c) => c.code) : [code];
  };

  function count(label: string, down: DownThreshold, up: UpThreshold | undefined, where = '1', args: unknown[] = []): BruteCounts {
    const row = db
      .prepare(
        `SELECT COUNT(*) AS addresses, COALESCE(SUM(down_class >= ? AND up_class >= ?), 0) AS covered
           FROM addresses WHERE release_id = ? AND ${where}`,
      )
      .get(downClassFor(down), upClassFor(up), releaseId(label), ...args) as { addresses: number; covered: number };
    return { ...row, uncovered: row.addresses - row.covered };
  }

  return {
    db,
    releaseId,
    codesOf,
    labels: () => (db.prepare('SELECT label FROM releases ORDER BY as_of, id').all() as { label: string }[]).map((r) => r.label),
    areaCodes: (level: string) =>
      (db.prepare('SELECT code FROM areas WHERE level = ? ORDER BY code').all(level) as { code: string }[]).map((r) => r.code),
    national: (label: string, down: DownThreshold, up?: UpThreshold) => count(label, down, up),
    area: (label: string, code: string, down: DownThreshold, up?: UpThreshold) =>
      count(label, down, up, 'area_code IN (SELECT value FROM json_each(?))', [JSON.stringify(codesOf(code))]),
    technology: (label: string, code: string, tech: string, down: DownThreshold) =>
      count(label, down, undefined, 'best_technology = ? AND area_code IN (SELECT value FROM json_each(?))', [
        tech,
        JSON.stringify(codesOf(code)),
      ]),
    /** In the API's page order: area code, download class, upload class, import order. */
    uncoveredIds(label: string, code: string, down: DownThreshold): string[] {
      return (
        db
          .prepare(
            `SELECT address_id FROM addresses WHERE release_id = ? AND area_code IN (SELECT value FROM json_each(?)) AND down_class < ?
              ORDER BY area_code, down_class, up_class, id`,
          )
          .all(releaseId(label), JSON.stringify(codesOf(code)), downClassFor(down)) as { address_id: string }[]
      ).map((r) => r.address_id);
    },
    close: () => db.close(),
  };
}
export type Brute = ReturnType<typeof openBrute>;

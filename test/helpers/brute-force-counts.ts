// The figures the API must give, counted the slow way: straight over the fixture's addresses.
import Database from 'better-sqlite3';
import { DOWN_THRESHOLDS, UP_THRESHOLDS, type DownThreshold, type UpThreshold } from '../../common/constants.ts';
import { DEFAULT_DEFINITIONS, downClassIn, upClassIn } from '../../common/definitions.ts';

/** Not a fixed line, written out here rather than taken from the code under test. */
const WIRELESS = new Set(['FWA', 'MOBILE', 'SATELLITE']);

/**
 * Whether an address's offers (the stored JSON) reach `down`/`up` Mbit/s: its fastest download class
 * reaches `down`, and the best upload among the offers of that class reaches `up`; among the
 * fixed-line offers only with `fixedOnly`.
 */
export function reaches(offersJson: string, down: number, up: number | null, fixedOnly: boolean): boolean {
  const [d, u] = classesOf(offersJson, fixedOnly);
  return d >= slowClass(down, DOWN_THRESHOLDS) && u >= (up === null ? 0 : slowClass(up, UP_THRESHOLDS));
}

/** Classes by the thresholds, the slow way: how many thresholds a speed meets. */
export const slowClass = (mbps: number, thresholds: readonly number[]) => thresholds.filter((t) => mbps >= t).length;

/** The (download, upload) class of an address's best offer, of fixed-line offers only with `fixedOnly`. */
export function classesOf(offersJson: string, fixedOnly: boolean): [number, number] {
  const offers = (JSON.parse(offersJson) as [string | null, string, number, number][]).filter((o) => !fixedOnly || !WIRELESS.has(o[1]));
  if (offers.length === 0) return [0, 0];
  const downClass = slowClass(Math.max(...offers.map((o) => o[2])), DOWN_THRESHOLDS);
  const bestUp = Math.max(...offers.filter((o) => slowClass(o[2], DOWN_THRESHOLDS) === downClass).map((o) => o[3]));
  return [downClass, slowClass(bestUp, UP_THRESHOLDS)];
}

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
      .get(downClassIn(DEFAULT_DEFINITIONS, down), upClassIn(DEFAULT_DEFINITIONS, up), releaseId(label), ...args) as {
      addresses: number;
      covered: number;
    };
    return { ...row, uncovered: row.addresses - row.covered };
  }

  /** Like count, but "covered" without satellite, fixed wireless and mobile, decided from the offers. */
  function countFixed(label: string, down: DownThreshold, up: UpThreshold | null, where = '1', args: unknown[] = []): BruteCounts {
    const rows = db
      .prepare(`SELECT offers FROM addresses WHERE release_id = ? AND ${where}`)
      .pluck()
      .all(releaseId(label), ...args) as string[];
    const covered = rows.filter((o) => reaches(o, down, up, true)).length;
    return { addresses: rows.length, covered, uncovered: rows.length - covered };
  }
  const inArea = 'area_code IN (SELECT value FROM json_each(?))';

  return {
    db,
    releaseId,
    /** Figures with fixed_only=1, nationally (code null) or of one area. */
    fixedOnly: (label: string, code: string | null, down: DownThreshold, up: UpThreshold | null = null) =>
      code === null ? countFixed(label, down, up) : countFixed(label, down, up, inArea, [JSON.stringify(codesOf(code))]),
    fixedOnlyTechnology: (label: string, code: string, tech: string, down: DownThreshold) =>
      countFixed(label, down, null, `best_technology = ? AND ${inArea}`, [tech, JSON.stringify(codesOf(code))]),
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
          .all(releaseId(label), JSON.stringify(codesOf(code)), downClassIn(DEFAULT_DEFINITIONS, down)) as { address_id: string }[]
      ).map((r) => r.address_id);
    },
    close: () => db.close(),
  };
}
export type Brute = ReturnType<typeof openBrute>;

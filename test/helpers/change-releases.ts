// Releases that differ address by address, for the changes tests: derived from the 2023-12 fixture
// (seeded), with addresses that keep, change, lose or gain speed, disappear, appear, and move to
// another municipality (new coordinates under the same address_id). Plus the brute-force diff oracle.
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { ChangeFigures } from '../../common/api.ts';
import { DOWN_THRESHOLDS, UP_THRESHOLDS } from '../../common/constants.ts';
import { DEFAULT_DEFINITIONS, downClassIn, upClassIn } from '../../common/definitions.ts';
import { FIXTURE_FILES } from './fixture-db.ts';
import { seededRandom } from './random.ts';
import { writeCsv } from './temp-db.ts';

const DOWNS = ['20', '50', '200', '1000', '2000'];
const UPS = ['5', '20', '60', '500', '1000'];

/** A connection CSV (same header as the fixture) varied from the 2023-12 fixture with this seed. */
export function variedRelease(dir: string, name: string, seed: number): string {
  const [header, ...lines] = readFileSync(FIXTURE_FILES.release2023, 'utf8').trim().split('\n');
  const random = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const byId = new Map<string, string[][]>();
  for (const line of lines) {
    const f = line.split(';');
    const rows = byId.get(f[0]);
    if (rows) rows.push(f);
    else byId.set(f[0], [f]);
  }
  const ids = [...byId.keys()];
  const out: string[] = [header];
  for (const id of ids) {
    const rows = byId.get(id)!;
    const r = random();
    if (r < 0.1) continue; // removed
    if (r < 0.3) {
      // another speed at every offer (often another class)
      for (const f of rows) out.push([...f.slice(0, 11), pick(DOWNS), pick(UPS), ''].join(';'));
      continue;
    }
    if (r < 0.38) {
      // moved: the coordinates of an address of another city
      const other = byId.get(pick(ids.filter((o) => byId.get(o)![0][6] !== rows[0][6])))![0];
      const speeds = random() < 0.5 ? [pick(DOWNS), pick(UPS), ''] : null;
      for (const f of rows) out.push([...f.slice(0, 7), other[7], other[8], ...f.slice(9, 11), ...(speeds ?? f.slice(11))].join(';'));
      continue;
    }
    for (const f of rows) out.push(f.join(';'));
  }
  // added: new ids at the places of existing addresses, with any speed
  for (let i = 0; i < 40; i++) {
    const f = byId.get(pick(ids))![0];
    out.push([`9${seed}${String(i).padStart(6, '0')}`, ...f.slice(1, 11), pick(DOWNS), pick(UPS), ''].join(';'));
  }
  return writeCsv(dir, name, out);
}

/** The figures of one area, as /api/v1/changes answers them. */
export type BruteChange = ChangeFigures;

/** An area where nothing changed and no address is. */
export function noChange(): BruteChange {
  const zero = { addresses_from: 0, addresses_to: 0, net_change_uncovered: 0 };
  return { ...zero, newly_covered: 0, lost: 0, added: 0, added_covered: 0, removed: 0, removed_covered: 0 };
}

/** Every threshold a request may ask for: each download threshold, without and with each upload threshold. */
export const ALL_THRESHOLDS = DOWN_THRESHOLDS.flatMap((down) => [undefined, ...UP_THRESHOLDS].map((up) => ({ down, up })));

interface Row {
  address_id: string;
  area_code: string;
  parent: string | null;
  down_class: number;
  up_class: number;
}

/**
 * The change figures counted the slow way, straight from two releases' address rows: per
 * municipality, per province and nationally ('all'). An address in both releases counts in its `to` area.
 */
export function bruteChanges(db: Database.Database, fromLabel: string, toLabel: string, down: number, up: number | undefined) {
  const rows = (label: string) =>
    new Map(
      (
        db
          .prepare(
            `SELECT a.address_id, a.area_code, m.parent_code AS parent, a.down_class, a.up_class FROM addresses a
             JOIN releases r ON r.id = a.release_id LEFT JOIN areas m ON m.code = a.area_code WHERE r.label = ?`,
          )
          .all(label) as Row[]
      ).map((r) => [r.address_id, r]),
    );
  const before = rows(fromLabel);
  const after = rows(toLabel);
  const dc = downClassIn(DEFAULT_DEFINITIONS, down as never);
  const uc = upClassIn(DEFAULT_DEFINITIONS, up as never);
  const isCovered = (r: Row) => r.down_class >= dc && r.up_class >= uc;
  const result = new Map<string, BruteChange>();
  const at = (r: Row) => ['all', r.area_code, ...(r.parent ? [r.parent] : [])];
  const get = (key: string) => {
    let f = result.get(key);
    if (!f) result.set(key, (f = noChange()));
    return f;
  };
  for (const r of before.values()) {
    for (const k of at(r)) {
      get(k).addresses_from++;
      if (!isCovered(r)) get(k).net_change_uncovered--;
    }
    if (!after.has(r.address_id)) {
      for (const k of at(r)) {
        get(k).removed++;
        if (isCovered(r)) get(k).removed_covered++;
      }
    }
  }
  for (const r of after.values()) {
    for (const k of at(r)) {
      get(k).addresses_to++;
      if (!isCovered(r)) get(k).net_change_uncovered++;
    }
    const old = before.get(r.address_id);
    for (const k of at(r)) {
      if (!old) {
        get(k).added++;
        if (isCovered(r)) get(k).added_covered++;
      } else if (isCovered(old) && !isCovered(r)) get(k).lost++;
      else if (!isCovered(old) && isCovered(r)) get(k).newly_covered++;
    }
  }
  return result;
}

/** Address ids behind one kind, nationally (for the address lists). */
export function bruteIds(db: Database.Database, fromLabel: string, toLabel: string, kind: string, down: number, up?: number): string[] {
  const dc = downClassIn(DEFAULT_DEFINITIONS, down as never);
  const uc = upClassIn(DEFAULT_DEFINITIONS, up as never);
  const rows = (label: string) =>
    new Map(
      (
        db
          .prepare(
            'SELECT a.address_id, a.down_class, a.up_class FROM addresses a JOIN releases r ON r.id = a.release_id WHERE r.label = ?',
          )
          .all(label) as Row[]
      ).map((r) => [r.address_id, r.down_class >= dc && r.up_class >= uc]),
    );
  const before = rows(fromLabel);
  const after = rows(toLabel);
  const ids: string[] = [];
  if (kind === 'removed') for (const id of before.keys()) if (!after.has(id)) ids.push(id);
  for (const [id, covered] of after) {
    const old = before.get(id);
    if (kind === 'added' && old === undefined) ids.push(id);
    if (kind === 'newly_covered' && old === false && covered) ids.push(id);
    if (kind === 'lost' && old === true && !covered) ids.push(id);
  }
  return ids.sort();
}

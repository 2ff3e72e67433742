// What changed between two releases (issue 10): the addresses that are new, gone or of another class, read
// from both releases in two queries, and their counts per area and H3 cell by class pair. The import stores
// them for each pair of adjacent releases (pipeline/changes/); the server computes other pairs the same way.
import type Database from 'better-sqlite3';
import { cellToLatLng, cellToParent, getResolution, latLngToCell } from 'h3-js';
import { ADDRESS_LEVEL, hexResolutionForZoom, UNCOVERED_POINTS_MIN_ZOOM } from './constants.ts';
import { registerRowRange, type SharedRegister, sharedRegisterOf } from './shared-register.ts';

/** The order of releases everywhere (oldest first): undated first, then by as-of date, then import order. */
export function releaseOrder(alias = 'releases'): string {
  return `${alias}.as_of IS NULL DESC, ${alias}.as_of, ${alias}.id`;
}

/** Class of an address in a release it is not part of. */
export const ABSENT = -1;

export const CHANGE_KINDS = ['newly_covered', 'lost', 'added', 'removed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** The H3 resolutions the changes layer aggregates at: those the hexes layer uses below the single points. */
export const CHANGE_RESOLUTIONS: readonly number[] = [
  ...new Set(Array.from({ length: UNCOVERED_POINTS_MIN_ZOOM }, (_, z) => hexResolutionForZoom(z))),
];

/** A class pair: the best download and upload class before (`from`) and after (`to`); ABSENT where missing. */
export interface ClassPair {
  fromDown: number;
  fromUp: number;
  toDown: number;
  toUp: number;
}

/**
 * One changed address: its row in each release (0 where absent), its classes, and where it counts: the area
 * and point of its `to` row (so an address that moved counts in its new area), of its `from` row when removed.
 */
export interface ChangedAddress extends ClassPair {
  fromId: number;
  toId: number;
  areaCode: string;
  lon: number;
  lat: number;
}

export interface PairCount extends ClassPair {
  addresses: number;
}

/** The change figures of issue 10 at one threshold (classes dc/uc and up count as covered). */
export interface ChangeFigures {
  newly_covered: number;
  lost: number;
  added: number;
  added_covered: number;
  removed: number;
  removed_covered: number;
}

const covered = (down: number, up: number, dc: number, uc: number) => down >= dc && up >= uc;

/** The kind of change of a class pair at a threshold, or null when the address did not change there. */
export function changeKind(p: ClassPair, dc: number, uc: number): ChangeKind | null {
  if (p.fromDown === ABSENT) return 'added';
  if (p.toDown === ABSENT) return 'removed';
  const before = covered(p.fromDown, p.fromUp, dc, uc);
  const after = covered(p.toDown, p.toUp, dc, uc);
  if (before === after) return null;
  return after ? 'newly_covered' : 'lost';
}

export function emptyFigures(): ChangeFigures {
  return { newly_covered: 0, lost: 0, added: 0, added_covered: 0, removed: 0, removed_covered: 0 };
}

/** Sums class-pair counts into the figures at a threshold. */
export function changeFigures(rows: Iterable<PairCount>, dc: number, uc: number): ChangeFigures {
  const f = emptyFigures();
  for (const r of rows) {
    const kind = changeKind(r, dc, uc);
    if (kind === null) continue;
    f[kind] += r.addresses;
    if (kind === 'added' && covered(r.toDown, r.toUp, dc, uc)) f.added_covered += r.addresses;
    if (kind === 'removed' && covered(r.fromDown, r.fromUp, dc, uc)) f.removed_covered += r.addresses;
  }
  return f;
}

/**
 * Every changed address of a pair (@from, @to): `to` rows that are new (no `from` row of the same
 * address_id) or of another class, then `from` rows that are gone. Unchanged addresses are never returned.
 * Columns: from_id, to_id, area_code, lon, lat, from_down, from_up, to_down, to_up.
 *
 * Releases that hold their own addresses are walked in address_id order (index addresses_by_id), so the
 * probes into the other release follow its index in order instead of jumping about it (the planner would
 * otherwise walk the postcode index). Two releases over the same shared register (common/shared-register.ts)
 * hold the same addresses: a row's partner is its register row plus the other release's offset, so the `to`
 * rows are walked in id order and each probe is a rowid lookup. Other pairs (a shared register beside own
 * addresses, or two registers) match the address ids through the register's index.
 */
export function changedAddressesSql(db: Database.Database, from: number, to: number): string {
  const f = sharedRegisterOf(db, from);
  const t = sharedRegisterOf(db, to);
  const changedTo = (partner: string, walk: string) => `
  SELECT COALESCE(f.id, 0), t.id, t.area_code, t.lon, t.lat, COALESCE(f.down_class, ${ABSENT}), COALESCE(f.up_class, ${ABSENT}),
         t.down_class, t.up_class
    FROM ${walk} LEFT JOIN address_rows f ON ${partner}
   WHERE t.release_id = @to AND (f.id IS NULL OR f.down_class <> t.down_class OR f.up_class <> t.up_class)`;
  const gone = (walk: string, noPartner: string) => `
  UNION ALL
  SELECT f.id, 0, f.area_code, f.lon, f.lat, f.down_class, f.up_class, ${ABSENT}, ${ABSENT} FROM ${walk}
   WHERE f.release_id = @from AND ${noPartner}`;
  if (f === null && t === null) {
    return (
      changedTo(
        'f.release_id = @from AND f.address_id = t.address_id AND f.register_row IS NULL',
        'address_rows t INDEXED BY addresses_by_id',
      ) +
      ` AND t.register_row IS NULL` +
      gone(
        'address_rows f INDEXED BY addresses_by_id',
        'f.register_row IS NULL AND NOT EXISTS (SELECT 1 FROM address_rows t WHERE t.release_id = @to AND t.address_id = f.address_id AND t.register_row IS NULL)',
      )
    );
  }
  if (f !== null && t !== null && f.registerId === t.registerId) {
    const [lo, hi] = registerRowRange(db, t.registerId);
    return (
      changedTo(`f.id = t.register_row + ${f.offset}`, `address_rows t NOT INDEXED`) +
      ` AND t.id BETWEEN ${lo + t.offset} AND ${hi + t.offset}`
    );
  }
  /** SQL of the address id of row `row` of a release. */
  const keyOf = (k: SharedRegister | null, row: string) =>
    k === null ? `${row}.address_id` : `(SELECT address_id FROM register_addresses WHERE id = ${row}.register_row)`;
  /** SQL of the row id, in the release (@param) keyed by `k`, of the address with id `key` (NULL when it has none). */
  const rowOf = (k: SharedRegister | null, param: string, key: string) =>
    k === null
      ? `(SELECT id FROM address_rows WHERE release_id = ${param} AND address_id = ${key} AND register_row IS NULL)`
      : `(SELECT id + ${k.offset} FROM register_addresses WHERE register_id = ${k.registerId} AND address_id = ${key})`;
  return (
    changedTo(`f.id = ${rowOf(f, '@from', keyOf(t, 't'))}`, 'address_rows t') +
    gone('address_rows f', `${rowOf(t, '@to', keyOf(f, 'f'))} IS NULL`)
  );
}

type ChangedRow = [number, number, string, number, number, number, number, number, number];

/** A row of changedAddressesSql (or of change_addresses in that column order) as a ChangedAddress. */
export function changedAddress([fromId, toId, areaCode, lon, lat, fromDown, fromUp, toDown, toUp]: ChangedRow): ChangedAddress {
  return { fromId, toId, areaCode, lon, lat, fromDown, fromUp, toDown, toUp };
}

/** The changed addresses of a pair, read from both releases. */
export function* changedAddresses(db: Database.Database, from: number, to: number): Generator<ChangedAddress> {
  const rows = db.prepare<{ from: number; to: number }, ChangedRow>(changedAddressesSql(db, from, to)).raw();
  for (const row of rows.iterate({ from, to })) yield changedAddress(row);
}

/** An area's parent as the aggregates roll up to it. */
export interface AreaParent {
  code: string;
  level: string;
}

/** The national scope of the aggregates (as area_stats has it). */
export const NATION = { level: 'all', code: '' } as const;

/** Radix of an upload class in a packed class: room for every class a database may define (definitions.ts, at most 8 thresholds). */
const UP_CLASSES = 16;
const pack = (down: number, up: number) => (down === ABSENT ? ABSENT : down * UP_CLASSES + up);
const unpack = (c: number): [number, number] => (c === ABSENT ? [ABSENT, ABSENT] : [Math.floor(c / UP_CLASSES), c % UP_CLASSES]);
/** A class pair as one number (classes shifted by one so ABSENT is 0). */
const pairKey = (p: ClassPair) => (pack(p.fromDown, p.fromUp) + 1) * 1024 + pack(p.toDown, p.toUp) + 1;
function pairOf(key: number): ClassPair {
  const [fromDown, fromUp] = unpack(Math.floor(key / 1024) - 1);
  const [toDown, toUp] = unpack((key % 1024) - 1);
  return { fromDown, fromUp, toDown, toUp };
}

export interface AreaPairRow extends PairCount {
  level: string;
  areaCode: string;
}
export interface CellPairRow extends PairCount {
  res: number;
  cell: string;
  lon: number;
  lat: number;
}

/** Counts changed addresses per area (municipality, its parent, the nation) and H3 cell by class pair. */
export class ChangeCounter {
  private readonly areas = new Map<string, Map<number, number>>();
  private readonly cells = new Map<string, Map<number, number>>();
  private readonly finest = Math.max(...CHANGE_RESOLUTIONS);

  /** `level`: the level addresses are assigned to (common/levels.ts addressLevel). */
  constructor(
    private readonly parentOf: (code: string) => AreaParent | null,
    private readonly level: string = ADDRESS_LEVEL,
  ) {}

  private bump(map: Map<string, Map<number, number>>, id: string, key: number): void {
    let counts = map.get(id);
    if (!counts) map.set(id, (counts = new Map()));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  add(c: ChangedAddress): void {
    const key = pairKey(c);
    this.bump(this.areas, `${this.level}\t${c.areaCode}`, key);
    this.bump(this.areas, `${NATION.level}\t${NATION.code}`, key);
    const parent = this.parentOf(c.areaCode);
    if (parent) this.bump(this.areas, `${parent.level}\t${parent.code}`, key);
    const cell = latLngToCell(c.lat, c.lon, this.finest);
    for (const res of CHANGE_RESOLUTIONS) this.bump(this.cells, res === this.finest ? cell : cellToParent(cell, res), key);
  }

  areaRows(): AreaPairRow[] {
    const rows: AreaPairRow[] = [];
    for (const [id, counts] of this.areas) {
      const [level, areaCode] = id.split('\t');
      for (const [key, addresses] of counts) rows.push({ level, areaCode, ...pairOf(key), addresses });
    }
    return rows;
  }

  cellRows(): CellPairRow[] {
    const rows: CellPairRow[] = [];
    for (const [cell, counts] of this.cells) {
      const [lat, lon] = cellToLatLng(cell);
      const res = getResolution(cell);
      for (const [key, addresses] of counts) rows.push({ res, cell, lon, lat, ...pairOf(key), addresses });
    }
    return rows;
  }
}

/** Every area's parent (municipality -> province), for rolling counts up. */
export function areaParents(db: Database.Database): (code: string) => AreaParent | null {
  const rows = db
    .prepare<[], { code: string; parent: string | null; level: string | null }>(
      'SELECT a.code, a.parent_code AS parent, p.level FROM areas a LEFT JOIN areas p ON p.code = a.parent_code',
    )
    .all();
  const parents = new Map(rows.map((r) => [r.code, r.parent ? { code: r.parent, level: r.level ?? 'parent' } : null]));
  return (code) => parents.get(code) ?? null;
}

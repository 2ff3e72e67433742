// Changes between two releases: read from the diffs the import precomputed for adjacent releases
// (change_* tables), or, for any other pair, computed once with common/changes.ts (one read of both
// releases) and kept in memory until the database changes. Either way a request then only sums class pairs.
import type { Threshold } from '../../common/types.ts';
import {
  areaParents,
  CHANGE_RESOLUTIONS,
  ChangeCounter,
  changedAddresses,
  changeFigures,
  changeKind,
  type ChangeFigures,
  type ChangeKind,
  type ClassPair,
  type PairCount,
} from '../../common/changes.ts';
import { addressLevel } from '../../common/levels.ts';
import { Lru } from '../lru.ts';
import { ADDRESS_COLUMNS, type AddressRow } from './addresses.ts';
import type { DB } from './db.ts';
import { coverClasses } from './figures.ts';

/** The changed addresses of a pair, column-wise (a national pair can hold millions). */
export interface ChangedList {
  size: number;
  fromId: Float64Array;
  toId: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** fromDown, fromUp, toDown, toUp per address. */
  classes: Int8Array;
  /** Index into areaCodes: the area the address counts in. */
  area: Uint32Array;
  areaCodes: string[];
}

/** The class-pair counts of the H3 cells of one resolution, by cell centre. */
export interface ChangeCells {
  cells: string[];
  lon: Float64Array;
  lat: Float64Array;
  counts: PairCount[][];
}

export interface PairDiff {
  /** True when the import stored this pair (adjacent releases); false when computed here. */
  stored: boolean;
  /** Class-pair counts per `${level}\t${code}` (the nation is `all\t`). */
  areas: Map<string, PairCount[]>;
  cells(res: number): ChangeCells;
  addresses(): ChangedList;
}

/** Bytes a pair holds in memory per changed address (list plus its share of counts), measured roughly. */
const BYTES_PER_CHANGE = 120;
const PAIR_CACHE_BYTES = 256 * 1024 * 1024;
const DETAIL_PAGE = 1000;
/** Bytes of derived answers kept (a municipality list is ~140 KB, its class table ~80 KB). */
const DERIVED_BYTES = 64 * 1024 * 1024;

export function classPairAt(list: ChangedList, i: number): ClassPair {
  const c = list.classes;
  return { fromDown: c[i * 4], fromUp: c[i * 4 + 1], toDown: c[i * 4 + 2], toUp: c[i * 4 + 3] };
}

class ListBuilder {
  private n = 0;
  private cap = 1024;
  private list: ChangedList = ListBuilder.alloc(1024, []);
  private readonly areaIndex = new Map<string, number>();

  private static alloc(cap: number, areaCodes: string[]): ChangedList {
    return {
      size: 0,
      fromId: new Float64Array(cap),
      toId: new Float64Array(cap),
      lon: new Float64Array(cap),
      lat: new Float64Array(cap),
      classes: new Int8Array(cap * 4),
      area: new Uint32Array(cap),
      areaCodes,
    };
  }

  add(fromId: number, toId: number, areaCode: string, lon: number, lat: number, p: ClassPair): void {
    if (this.n === this.cap) {
      const grown = ListBuilder.alloc((this.cap *= 2), this.list.areaCodes);
      for (const k of ['fromId', 'toId', 'lon', 'lat', 'classes', 'area'] as const)
        (grown[k] as Float64Array).set(this.list[k] as Float64Array);
      this.list = grown;
    }
    let a = this.areaIndex.get(areaCode);
    if (a === undefined) this.areaIndex.set(areaCode, (a = this.list.areaCodes.push(areaCode) - 1));
    const i = this.n++;
    const l = this.list;
    l.fromId[i] = fromId;
    l.toId[i] = toId;
    l.lon[i] = lon;
    l.lat[i] = lat;
    l.area[i] = a;
    l.classes.set([p.fromDown, p.fromUp, p.toDown, p.toUp], i * 4);
  }

  build(): ChangedList {
    const n = this.n;
    const l = this.list;
    return {
      size: n,
      fromId: l.fromId.slice(0, n),
      toId: l.toId.slice(0, n),
      lon: l.lon.slice(0, n),
      lat: l.lat.slice(0, n),
      classes: l.classes.slice(0, n * 4),
      area: l.area.slice(0, n),
      areaCodes: l.areaCodes,
    };
  }
}

function groupCells(rows: Iterable<{ cell: string; lon: number; lat: number } & PairCount>): ChangeCells {
  const byCell = new Map<string, { lon: number; lat: number; counts: PairCount[] }>();
  for (const { cell, lon, lat, ...count } of rows) {
    const entry = byCell.get(cell);
    if (entry) entry.counts.push(count);
    else byCell.set(cell, { lon, lat, counts: [count] });
  }
  const cells = [...byCell.keys()];
  const entries = [...byCell.values()];
  return {
    cells,
    lon: Float64Array.from(entries, (e) => e.lon),
    lat: Float64Array.from(entries, (e) => e.lat),
    counts: entries.map((e) => e.counts),
  };
}

function groupAreas(rows: Iterable<{ level: string; areaCode: string } & PairCount>): Map<string, PairCount[]> {
  const areas = new Map<string, PairCount[]>();
  for (const { level, areaCode, ...count } of rows) {
    const id = `${level}\t${areaCode}`;
    const list = areas.get(id);
    if (list) list.push(count);
    else areas.set(id, [count]);
  }
  return areas;
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const PAIR_COLUMNS = 'from_down AS fromDown, from_up AS fromUp, to_down AS toDown, to_up AS toUp, addresses';

export function createChangeStore(db: DB) {
  const storedChanged = db
    .prepare<[number, number], number>('SELECT changed FROM change_pairs WHERE from_release_id = ? AND to_release_id = ?')
    .pluck();
  const areaRows = db.prepare<[number, number], { level: string; areaCode: string } & PairCount>(
    `SELECT level, area_code AS areaCode, ${PAIR_COLUMNS} FROM change_stats WHERE from_release_id = ? AND to_release_id = ?`,
  );
  const cellRows = db.prepare<[number, number, number], { cell: string; lon: number; lat: number } & PairCount>(
    `SELECT cell, lon, lat, ${PAIR_COLUMNS} FROM change_cells WHERE from_release_id = ? AND to_release_id = ? AND res = ? ORDER BY cell`,
  );
  const addressRows = db
    .prepare<[number, number], [number, number, string, number, number, number, number, number, number]>(
      `SELECT from_id, to_id, area_code, lon, lat, from_down, from_up, to_down, to_up FROM change_addresses
        WHERE from_release_id = ? AND to_release_id = ? ORDER BY id`,
    )
    .raw();
  const details = db.prepare<[string], AddressRow>(`SELECT ${ADDRESS_COLUMNS} FROM addresses WHERE id IN (SELECT value FROM json_each(?))`);
  const cache = new Lru<string, { diff: PairDiff; bytes: number }>(PAIR_CACHE_BYTES, (e) => e.bytes);
  /** Answers derived from a pair (e.g. every area's figures at one threshold), kept until the database changes. */
  const derived = new Lru<string, { value: unknown; bytes: number }>(DERIVED_BYTES, (e) => e.bytes);

  function storedPair(from: number, to: number): PairDiff {
    return {
      stored: true,
      areas: groupAreas(areaRows.all(from, to)),
      cells: (() => {
        const byRes = new Map<number, ChangeCells>();
        return (res: number) => {
          let cells = byRes.get(res);
          if (!cells) byRes.set(res, (cells = groupCells(cellRows.iterate(from, to, res))));
          return cells;
        };
      })(),
      addresses: once(() => {
        const list = new ListBuilder();
        for (const [fromId, toId, area, lon, lat, fromDown, fromUp, toDown, toUp] of addressRows.iterate(from, to)) {
          list.add(fromId, toId, area, lon, lat, { fromDown, fromUp, toDown, toUp });
        }
        return list.build();
      }),
    };
  }

  /** A pair the import did not store: one read of both releases, counted as the import counts. */
  function computedPair(from: number, to: number): { diff: PairDiff; size: number } {
    const counter = new ChangeCounter(areaParents(db), addressLevel(db));
    const list = new ListBuilder();
    for (const c of changedAddresses(db, from, to)) {
      counter.add(c);
      list.add(c.fromId, c.toId, c.areaCode, c.lon, c.lat, c);
    }
    const addresses = list.build();
    const cellRows = counter.cellRows();
    const cellsByRes = new Map<number, ChangeCells>(
      CHANGE_RESOLUTIONS.map((res) => [res, groupCells(cellRows.filter((r) => r.res === res))]),
    );
    const diff: PairDiff = {
      stored: false,
      areas: groupAreas(counter.areaRows()),
      cells: (res) => cellsByRes.get(res) ?? groupCells([]),
      addresses: () => addresses,
    };
    return { diff, size: addresses.size };
  }

  return {
    /** The diff of two releases (by id), from the stored tables or computed once. */
    pair(from: number, to: number): PairDiff {
      const key = `${from}>${to}`;
      const hit = cache.get(key);
      if (hit) return hit.diff;
      const changed = storedChanged.get(from, to);
      const entry =
        changed !== undefined
          ? { diff: storedPair(from, to), bytes: (changed + 1) * BYTES_PER_CHANGE }
          : (({ diff, size }) => ({ diff, bytes: (size + 1) * BYTES_PER_CHANGE }))(computedPair(from, to));
      cache.set(key, entry);
      return entry.diff;
    },
    /** The change figures of one area (level, code; the nation is 'all', '') at a threshold. */
    figures(diff: PairDiff, level: string, code: string, threshold: Threshold): ChangeFigures {
      const { dc, uc } = coverClasses(threshold);
      return changeFigures(diff.areas.get(`${level}\t${code}`) ?? [], dc, uc);
    },
    /**
     * The changed addresses of one kind at a threshold, optionally only those counted in `areaCodes`
     * (municipalities) or inside `bbox`, as address rows: the `to` row, or the `from` row when removed.
     */
    *rows(
      diff: PairDiff,
      kind: ChangeKind,
      threshold: Threshold,
      where: { areaCodes?: string[]; bbox?: readonly number[] },
    ): Generator<AddressRow> {
      const list = diff.addresses();
      const { dc, uc } = coverClasses(threshold);
      const areas = where.areaCodes ? new Set(where.areaCodes) : null;
      const [w, s, e, n] = where.bbox ?? [];
      let ids: number[] = [];
      const flush = function* () {
        const byId = new Map(details.all(JSON.stringify(ids)).map((r) => [r.id, r]));
        for (const id of ids) yield byId.get(id)!;
        ids = [];
      };
      for (let i = 0; i < list.size; i++) {
        if (areas && !areas.has(list.areaCodes[list.area[i]])) continue;
        if (where.bbox && !(list.lon[i] >= w && list.lon[i] <= e && list.lat[i] >= s && list.lat[i] <= n)) continue;
        if (changeKind(classPairAt(list, i), dc, uc) !== kind) continue;
        ids.push(kind === 'removed' ? list.fromId[i] : list.toId[i]);
        if (ids.length === DETAIL_PAGE) yield* flush();
      }
      if (ids.length > 0) yield* flush();
    },
    /** A value derived from the diffs under `key` (weighing `bytes`), computed once until the database changes. */
    memo<T>(key: string, build: () => T, bytes: (value: T) => number): T {
      return derived.getOrSet(key, () => {
        const value = build();
        return { value, bytes: bytes(value) };
      }).value as T;
    },
    reset(): void {
      cache.clear();
      derived.clear();
    },
  };
}
export type ChangeStore = ReturnType<typeof createChangeStore>;

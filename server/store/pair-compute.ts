// The diff of a pair of releases the import did not store, computed from both releases as the import
// computes it (common/changes.ts): the changed addresses column-wise, and their class-pair counts per area
// and per H3 cell; and the changed addresses of a stored pair, read back. Plain data (typed arrays, Maps, arrays), so a worker thread (pair-worker.ts) can compute
// it and hand it to the server's thread, or the CLI can compute it in place.
import { areaParents, CHANGE_RESOLUTIONS, ChangeCounter, changedAddresses, type ClassPair, type PairCount } from '../../common/changes.ts';
import { addressLevel } from '../../common/levels.ts';
import type { DB } from './db.ts';

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

export function groupCells(rows: Iterable<{ cell: string; lon: number; lat: number } & PairCount>): ChangeCells {
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

export function groupAreas(rows: Iterable<{ level: string; areaCode: string } & PairCount>): Map<string, PairCount[]> {
  const areas = new Map<string, PairCount[]>();
  for (const { level, areaCode, ...count } of rows) {
    const id = `${level}\t${areaCode}`;
    const list = areas.get(id);
    if (list) list.push(count);
    else areas.set(id, [count]);
  }
  return areas;
}

/** A computed pair: its changed addresses, the counts per `${level}\t${code}`, the cells per resolution. */
export interface ComputedPair {
  list: ChangedList;
  areas: Map<string, PairCount[]>;
  cells: Map<number, ChangeCells>;
}

/** The changed addresses of a pair the import stored (change_addresses), in stored order. */
export function readStoredList(db: DB, from: number, to: number): ChangedList {
  const rows = db
    .prepare<[number, number], [number, number, string, number, number, number, number, number, number]>(
      `SELECT from_id, to_id, area_code, lon, lat, from_down, from_up, to_down, to_up FROM change_addresses
        WHERE from_release_id = ? AND to_release_id = ? ORDER BY id`,
    )
    .raw();
  const list = new ListBuilder();
  for (const [fromId, toId, area, lon, lat, fromDown, fromUp, toDown, toUp] of rows.iterate(from, to)) {
    list.add(fromId, toId, area, lon, lat, { fromDown, fromUp, toDown, toUp });
  }
  return list.build();
}

/** The typed arrays of a list, to transfer rather than copy to another thread. */
export function listTransferables(list: ChangedList): ArrayBuffer[] {
  return [list.fromId, list.toId, list.lon, list.lat, list.classes, list.area].map((a) => a.buffer as ArrayBuffer);
}

/** One read of both releases, counted as the import counts. */
export function computePair(db: DB, from: number, to: number): ComputedPair {
  const counter = new ChangeCounter(areaParents(db), addressLevel(db));
  const builder = new ListBuilder();
  for (const c of changedAddresses(db, from, to)) {
    counter.add(c);
    builder.add(c.fromId, c.toId, c.areaCode, c.lon, c.lat, c);
  }
  const cellRows = counter.cellRows();
  return {
    list: builder.build(),
    areas: groupAreas(counter.areaRows()),
    cells: new Map(CHANGE_RESOLUTIONS.map((res) => [res, groupCells(cellRows.filter((r) => r.res === res))])),
  };
}

/** The typed arrays of a computed pair, to transfer rather than copy to another thread. */
export function transferables(pair: ComputedPair): ArrayBuffer[] {
  const arrays = listTransferables(pair.list);
  for (const cells of pair.cells.values()) arrays.push(cells.lon.buffer as ArrayBuffer, cells.lat.buffer as ArrayBuffer);
  return arrays;
}

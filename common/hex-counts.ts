// Addresses per H3 cell by fixed_only half, best technology, download and upload class: counted at
// the finest resolution, rolled up to every HEX_RESOLUTIONS parent as the rows of hex_stats. Shared
// by the import (pipeline/import/aggregate.ts) and the schema migration that rebuilds old releases.
import { cellToLatLng, splitLongToH3Index } from 'h3-js';
import { BEST_TECHNOLOGIES, bestTechnologyIndex, HEX_RESOLUTIONS } from './constants.ts';
import { MAX_THRESHOLDS } from './definitions.ts';
import { FINEST_RES, parentKey, upperWordOfKeyAt } from './hex-key.ts';
import { NumberIndex } from './number-index.ts';

const T = BEST_TECHNOLOGIES.length;
// Key space for any database's definitions (at most MAX_THRESHOLDS per direction): keys, not arrays.
const D = MAX_THRESHOLDS + 1;
const U = MAX_THRESHOLDS + 1;

export interface HexRow {
  res: number;
  fixedOnly: 0 | 1;
  cell: string;
  technology: string;
  downClass: number;
  upClass: number;
  addresses: number;
  lon: number;
  lat: number;
}

/**
 * hex_stats rows as columns, a row per index: a national release has millions, so no object per row,
 * and the buffers can be handed to another thread. A cell is its H3 index's two 32-bit halves (lower,
 * upper) at 2i and 2i + 1; a technology its index in BEST_TECHNOLOGIES.
 */
export interface HexColumns {
  rows: number;
  res: Uint8Array;
  fixedOnly: Uint8Array;
  technology: Uint8Array;
  downClass: Uint8Array;
  upClass: Uint8Array;
  addresses: Int32Array;
  lon: Float64Array;
  lat: Float64Array;
  cell: Uint32Array;
}

function hexColumns(n: number): HexColumns {
  return {
    rows: n,
    res: new Uint8Array(n),
    fixedOnly: new Uint8Array(n),
    technology: new Uint8Array(n),
    downClass: new Uint8Array(n),
    upClass: new Uint8Array(n),
    addresses: new Int32Array(n),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    cell: new Uint32Array(2 * n),
  };
}

/** The buffers of the columns, to hand over to another thread. */
export function hexColumnBuffers(c: HexColumns): ArrayBuffer[] {
  return [c.res, c.fixedOnly, c.technology, c.downClass, c.upClass, c.addresses, c.lon, c.lat, c.cell].map((a) => a.buffer as ArrayBuffer);
}

/** The rows of the columns, one object at a time; a cell's H3 text is made once for its rows. */
export function* hexRowsOf(c: HexColumns): Generator<HexRow> {
  let cell = '';
  for (let i = 0; i < c.rows; i++) {
    const lower = c.cell[2 * i];
    const upper = c.cell[2 * i + 1];
    if (i === 0 || lower !== c.cell[2 * i - 2] || upper !== c.cell[2 * i - 1]) cell = splitLongToH3Index(lower, upper);
    yield {
      res: c.res[i],
      fixedOnly: c.fixedOnly[i] as 0 | 1,
      cell,
      technology: BEST_TECHNOLOGIES[c.technology[i]],
      downClass: c.downClass[i],
      upClass: c.upClass[i],
      addresses: c.addresses[i],
      lon: c.lon[i],
      lat: c.lat[i],
    };
  }
}

/** One address's classes: of its best offer, and of its best non-wireless offer. */
export interface ClassPair {
  technology: string;
  downClass: number;
  upClass: number;
  fixedDownClass: number;
  fixedUpClass: number;
}

const combo = (fixed: number, tech: number, d: number, u: number) => ((fixed * T + tech) * D + d) * U + u;

/** An address's two counted combinations of classes: of all its offers, and of the fixed ones (fixed_only 1). */
export type CellCombos = readonly [number, number];

/** The combinations HexCounter counts an address of these classes under. */
export function cellCombos(c: ClassPair): CellCombos {
  const tech = bestTechnologyIndex(c.technology);
  return [combo(0, tech, c.downClass, c.upClass), combo(1, tech, c.fixedDownClass, c.fixedUpClass)];
}

/** A cell's counts: [combo, count, combo, count, …], combos in the order first counted. */
type CellCounts = number[];

/** The cells of one resolution: cell n's key and counts at n, numbered by key (number-index.ts). */
interface Level {
  index: NumberIndex;
  keys: number[];
  counts: CellCounts[];
}

function newLevel(): Level {
  return { index: new NumberIndex(), keys: [], counts: [] };
}

/** Adds `n` to the count of `key` in a cell's counts. */
function addTo(counts: CellCounts, key: number, n: number): void {
  for (let i = 0; i < counts.length; i += 2) {
    if (counts[i] === key) {
      counts[i + 1] += n;
      return;
    }
  }
  counts.push(key, n);
}

/**
 * Counts per finest cell, keyed as common/hex-key.ts keys a cell (finestCellKey). A cell's few
 * combinations of classes are a short array, not a Map: 4 M locations counted in 2.7 s as Maps. The
 * cells themselves are numbered by a NumberIndex, not held in a Map (number-index.ts).
 */
export class HexCounter {
  /** The counted cells: each one's key and counts at its number in `cells`. */
  private readonly cells = newLevel();

  add(cell: number, c: ClassPair, sign: number): void {
    this.addCombos(cell, cellCombos(c), sign);
  }

  /** add() with the classes as cellCombos gives them: for many addresses of the same classes, worked out once. */
  addCombos(cell: number, [all, fixedOnly]: CellCombos, sign: number): void {
    const { index, keys, counts: cells } = this.cells;
    const n = index.numberOf(cell);
    if (n === keys.length) {
      keys.push(cell);
      cells.push([]);
    }
    const counts = cells[n];
    addTo(counts, all, sign);
    addTo(counts, fixedOnly, sign);
  }

  /**
   * Rows at every resolution, in the order of hex_stats' primary key as far as res, fixed_only and cell
   * go, so that inserting them appends to the table's B-tree instead of splitting pages all over it.
   * Each resolution is summed from the one finer than it, by key (parentKey): a national release's
   * 1.4 M cells took 2.5 s by their H3 texts, every finest cell added into each of its parents. Made
   * as columns straight from the keys: objects and H3 texts per row took 2.7 s of a national join.
   * `finestRes`: the finest resolution given rows (finestHexResolution); the cells are still counted
   * at FINEST_RES and summed up from there.
   */
  columns(finestRes: number = FINEST_RES): HexColumns {
    // HEX_RESOLUTIONS runs from coarse to fine; the finest level is the counted cells.
    const levels = new Map<number, Level>([[HEX_RESOLUTIONS[HEX_RESOLUTIONS.length - 1], this.cells]]);
    for (let r = HEX_RESOLUTIONS.length - 2; r >= 0; r--) {
      const finer = levels.get(HEX_RESOLUTIONS[r + 1])!;
      const level = newLevel();
      for (let f = 0; f < finer.keys.length; f++) {
        const counts = finer.counts[f];
        const parent = parentKey(finer.keys[f], HEX_RESOLUTIONS[r]);
        const p = level.index.numberOf(parent);
        if (p === level.keys.length) {
          level.keys.push(parent);
          level.counts.push(counts.slice());
        } else for (let c = 0; c < counts.length; c += 2) addTo(level.counts[p], counts[c], counts[c + 1]);
      }
      levels.set(HEX_RESOLUTIONS[r], level);
    }
    const given = HEX_RESOLUTIONS.filter((res) => res <= finestRes);
    let n = 0;
    for (const res of given)
      for (const counts of levels.get(res)!.counts) for (let c = 1; c < counts.length; c += 2) if (counts[c] > 0) n++;
    const out = hexColumns(n);
    let i = 0;
    // The same resolution's indexes differ in the key's bits alone, so key order is their text order.
    for (const res of given) {
      const level = levels.get(res)!;
      const keys = Float64Array.from(level.keys).sort();
      const lower = Uint32Array.from(keys, (key) => key % 2 ** 32);
      const upper = Uint32Array.from(keys, (key) => upperWordOfKeyAt(key, res));
      const lat = new Float64Array(keys.length);
      const lon = new Float64Array(keys.length);
      for (let k = 0; k < keys.length; k++) [lat[k], lon[k]] = cellToLatLng([lower[k], upper[k]]);
      for (const fixed of [0, 1] as const) {
        for (let k = 0; k < keys.length; k++) {
          const counts = level.counts[level.index.numberOf(keys[k])];
          for (let c = 0; c < counts.length; c += 2) {
            const combo = counts[c];
            const count = counts[c + 1];
            if (count <= 0) continue;
            if (Math.floor(combo / (U * D * T)) !== fixed) continue;
            out.res[i] = res;
            out.fixedOnly[i] = fixed;
            out.cell[2 * i] = lower[k];
            out.cell[2 * i + 1] = upper[k];
            out.technology[i] = Math.floor(combo / (U * D)) % T;
            out.downClass[i] = Math.floor(combo / U) % D;
            out.upClass[i] = combo % U;
            out.addresses[i] = count;
            out.lon[i] = lon[k];
            out.lat[i] = lat[k];
            i++;
          }
        }
      }
    }
    return out;
  }

  /** The rows of columns(finestRes), one object at a time. */
  rows(finestRes: number = FINEST_RES): Generator<HexRow> {
    return hexRowsOf(this.columns(finestRes));
  }
}

/** The INSERT of `rows` hex rows (default one) into a table laid out as hex_stats (schema version 5). */
export function hexInsertSql(table: string, rows = 1): string {
  return `INSERT INTO ${table} (release_id, res, fixed_only, cell, technology, down_class, up_class, addresses, lon, lat)
    VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
}

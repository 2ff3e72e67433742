// Addresses per H3 cell by fixed_only half, best technology, download and upload class: counted at
// the finest resolution, rolled up to every HEX_RESOLUTIONS parent as the rows of hex_stats. Shared
// by the import (pipeline/import/aggregate.ts) and the schema migration that rebuilds old releases.
import { cellToLatLng } from 'h3-js';
import { BEST_TECHNOLOGIES, HEX_RESOLUTIONS } from './constants.ts';
import { MAX_THRESHOLDS } from './definitions.ts';
import { cellOfKeyAt, parentKey } from './hex-key.ts';

const T = BEST_TECHNOLOGIES.length;
// Key space for any database's definitions (at most MAX_THRESHOLDS per direction): keys, not arrays.
const D = MAX_THRESHOLDS + 1;
const U = MAX_THRESHOLDS + 1;
const TECH_INDEX = new Map<string, number>(BEST_TECHNOLOGIES.map((t, i) => [t, i]));

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

/** One address's classes: of its best offer, and of its best non-wireless offer. */
export interface ClassPair {
  technology: string;
  downClass: number;
  upClass: number;
  fixedDownClass: number;
  fixedUpClass: number;
}

const combo = (fixed: number, tech: number, d: number, u: number) => ((fixed * T + tech) * D + d) * U + u;

/** Counts per finest cell, keyed as common/hex-key.ts keys a cell (finestCellKey). */
export class HexCounter {
  private readonly cells = new Map<number, Map<number, number>>();

  add(cell: number, c: ClassPair, sign: 1 | -1): void {
    let counts = this.cells.get(cell);
    if (!counts) this.cells.set(cell, (counts = new Map()));
    // An unknown technology is counted as NONE, as area_stats does.
    const tech = TECH_INDEX.get(c.technology) ?? T - 1;
    const key = combo(0, tech, c.downClass, c.upClass);
    counts.set(key, (counts.get(key) ?? 0) + sign);
    const fixedKey = combo(1, tech, c.fixedDownClass, c.fixedUpClass);
    counts.set(fixedKey, (counts.get(fixedKey) ?? 0) + sign);
  }

  /**
   * Rows at every resolution, in the order of hex_stats' primary key as far as res, fixed_only and cell
   * go, so that inserting them appends to the table's B-tree instead of splitting pages all over it.
   * Each resolution is summed from the one finer than it, by key (parentKey): a national release's
   * 1.4 M cells took 2.5 s by their H3 texts, every finest cell added into each of its parents.
   */
  *rows(): Generator<HexRow> {
    // HEX_RESOLUTIONS runs from coarse to fine; the finest level is the counted cells.
    const levels = new Map([[HEX_RESOLUTIONS[HEX_RESOLUTIONS.length - 1], this.cells]]);
    for (let r = HEX_RESOLUTIONS.length - 2; r >= 0; r--) {
      const finer = levels.get(HEX_RESOLUTIONS[r + 1])!;
      const level = new Map<number, Map<number, number>>();
      for (const [key, counts] of finer) {
        const parent = parentKey(key, HEX_RESOLUTIONS[r]);
        const sum = level.get(parent);
        if (!sum) level.set(parent, new Map(counts));
        else for (const [k, n] of counts) sum.set(k, (sum.get(k) ?? 0) + n);
      }
      levels.set(HEX_RESOLUTIONS[r], level);
    }
    // The same resolution's indexes differ in the key's bits alone, so key order is their text order.
    for (const res of HEX_RESOLUTIONS) {
      const level = levels.get(res)!;
      const keys = Float64Array.from(level.keys()).sort();
      const cells = Array.from(keys, (key) => cellOfKeyAt(key, res));
      const centres = cells.map((cell) => cellToLatLng(cell));
      for (const fixed of [0, 1] as const) {
        for (let i = 0; i < keys.length; i++) {
          const cell = cells[i];
          const [lat, lon] = centres[i];
          for (const [k, n] of level.get(keys[i])!) {
            if (n <= 0) continue;
            const fixedOnly = Math.floor(k / (U * D * T)) as 0 | 1;
            if (fixedOnly !== fixed) continue;
            const u = k % U;
            const d = Math.floor(k / U) % D;
            const tech = Math.floor(k / (U * D)) % T;
            yield { res, fixedOnly, cell, technology: BEST_TECHNOLOGIES[tech], downClass: d, upClass: u, addresses: n, lon, lat };
          }
        }
      }
    }
  }
}

/** The INSERT of hex rows into a table laid out as hex_stats (schema version 5). */
export function hexInsertSql(table: string): string {
  return `INSERT INTO ${table} (release_id, res, fixed_only, cell, technology, down_class, up_class, addresses, lon, lat)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
}

// Addresses per H3 cell by fixed_only half, best technology, download and upload class: counted at
// the finest resolution, rolled up to every HEX_RESOLUTIONS parent as the rows of hex_stats. Shared
// by the import (pipeline/import/aggregate.ts) and the schema migration that rebuilds old releases.
import { cellToLatLng, cellToParent, getResolution } from 'h3-js';
import { BEST_TECHNOLOGIES, HEX_RESOLUTIONS } from './constants.ts';
import { MAX_THRESHOLDS } from './definitions.ts';

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

/** Counts per finest cell; K is how the caller names a cell (a string, or a number key). */
export class HexCounter<K> {
  private readonly cells = new Map<K, Map<number, number>>();

  add(cell: K, c: ClassPair, sign: 1 | -1): void {
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
   * Rows at every resolution; `h3Of` turns a caller's cell into its finest H3 index. In the order of
   * hex_stats' primary key as far as res, fixed_only and cell go, so that inserting them appends to
   * the table's B-tree instead of splitting pages all over it.
   */
  *rows(h3Of: (cell: K) => string): Generator<HexRow> {
    const finest = HEX_RESOLUTIONS[HEX_RESOLUTIONS.length - 1];
    const byCell = new Map<string, Map<number, number>>();
    for (const [key, counts] of this.cells) {
      const cell = h3Of(key);
      for (const res of HEX_RESOLUTIONS) {
        const parent = res === finest ? cell : cellToParent(cell, res);
        let sum = byCell.get(parent);
        if (!sum) byCell.set(parent, (sum = new Map()));
        for (const [k, n] of counts) sum.set(k, (sum.get(k) ?? 0) + n);
      }
    }
    // An H3 index's text gives its resolution in the second hex digit: sorted text is by res, then cell.
    const cells = [...byCell.keys()].sort();
    for (let start = 0, end = 0; start < cells.length; start = end) {
      const res = getResolution(cells[start]);
      while (end < cells.length && getResolution(cells[end]) === res) end++;
      const centres = cells.slice(start, end).map((cell) => cellToLatLng(cell));
      for (const fixed of [0, 1] as const) {
        for (let i = start; i < end; i++) {
          const cell = cells[i];
          const [lat, lon] = centres[i - start];
          for (const [k, n] of byCell.get(cell)!) {
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

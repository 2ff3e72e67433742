// An address's H3 cell at the finest aggregated resolution as a number, cheaper to pass between
// threads and to count by than its 15-character string. All cells of one resolution share the top
// 12 bits of the 64-bit index (mode, reserved bits, resolution); the other 52 fit a double exactly.
import { h3IndexToSplitLong, latLngToCell, splitLongToH3Index } from 'h3-js';
import { HEX_RESOLUTIONS } from './constants.ts';

export const FINEST_RES = HEX_RESOLUTIONS[HEX_RESOLUTIONS.length - 1];
const WORD = 2 ** 32;
/** The bits of the upper 32-bit word that differ between cells of one resolution. */
const VARYING = 0xfffff;

/** The finest cell holding the point, as a key. */
export function finestCellKey(lat: number, lon: number): number {
  return keyOfCell(latLngToCell(lat, lon, FINEST_RES));
}

/** The key of an H3 index of the finest resolution. */
export function keyOfCell(h3: string): number {
  const [lower, upper] = h3IndexToSplitLong(h3);
  return (upper & VARYING) * WORD + (lower >>> 0);
}

/** Bits of an index's lower 32-bit word that hold the digit of resolution 9 (digit r sits at bit 3 * (15 - r)). */
const RES9_DIGIT = 7 << 18;

/**
 * The key of a resolution-8 cell's centre (lat, lon), as finestCellKey(lat, lon) gives it: with
 * resolution 9 the finest, that is the centre child, whose digit is 0, found from the cell's split
 * index with no geometry (for an FCC BDC row).
 */
export function centreKeyOfRes8([lower, upper]: readonly [number, number], lat: number, lon: number): number {
  return FINEST_RES === 9 ? (upper & VARYING) * WORD + ((lower & ~RES9_DIGIT) >>> 0) : finestCellKey(lat, lon);
}

/** The H3 index of a key made by finestCellKey. */
export function cellOfKey(key: number): string {
  return cellOfKeyAt(key, FINEST_RES);
}

/** The FIXED bits of each resolution's indexes (mode and resolution in the upper word). */
const FIXED_AT = new Map<number, number>(
  Array.from({ length: 16 }, (_, res) => [res, h3IndexToSplitLong(latLngToCell(0, 0, res))[1] & ~VARYING] as [number, number]),
);

/**
 * The key of a key's parent cell at resolution `res` (at most FINEST_RES), with no geometry: its digits
 * finer than `res` (digit r sits at bit 3 * (15 - r) of the index) set to 7, as an H3 index of a
 * coarser cell has them. Keys of different resolutions never coincide: a cell's own digits are 0-6.
 */
export function parentKey(key: number, res: number): number {
  if (res >= FINEST_RES) return key;
  const from = 3 * (15 - FINEST_RES);
  const to = 3 * (15 - res); // bits from..to-1 are the digits res+1..FINEST_RES
  let lower = key % WORD;
  let upper = (key - lower) / WORD;
  if (from < 32) lower = (lower | (((to >= 32 ? WORD : 2 ** to) - 2 ** from) >>> 0)) >>> 0;
  if (to > 32) upper = (upper | (2 ** (to - 32) - 2 ** Math.max(0, from - 32))) & VARYING;
  return upper * WORD + lower;
}

/** The H3 index of a key of resolution `res` (parentKey's, or finestCellKey's at FINEST_RES). */
export function cellOfKeyAt(key: number, res: number): string {
  return splitLongToH3Index(key % WORD, upperWordOfKeyAt(key, res));
}

/** The upper 32-bit word of the H3 index of a key of resolution `res` (the lower is key % 2³²). */
export function upperWordOfKeyAt(key: number, res: number): number {
  return (Math.floor(key / WORD) | FIXED_AT.get(res)!) >>> 0;
}

// An address's H3 cell at the finest aggregated resolution as a number, cheaper to pass between
// threads and to count by than its 15-character string. All cells of one resolution share the top
// 12 bits of the 64-bit index (mode, reserved bits, resolution); the other 52 fit a double exactly.
import { h3IndexToSplitLong, latLngToCell, splitLongToH3Index } from 'h3-js';
import { HEX_RESOLUTIONS } from '../../common/constants.ts';

export const FINEST_RES = HEX_RESOLUTIONS[HEX_RESOLUTIONS.length - 1];
const WORD = 2 ** 32;
/** The bits of the upper 32-bit word that differ between cells of one resolution. */
const VARYING = 0xfffff;
const FIXED = h3IndexToSplitLong(latLngToCell(0, 0, FINEST_RES))[1] & ~VARYING;

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
  return splitLongToH3Index(key % WORD, (Math.floor(key / WORD) | FIXED) >>> 0);
}

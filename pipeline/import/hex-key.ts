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
  const [lower, upper] = h3IndexToSplitLong(latLngToCell(lat, lon, FINEST_RES));
  return (upper & VARYING) * WORD + (lower >>> 0);
}

/** The H3 index of a key made by finestCellKey. */
export function cellOfKey(key: number): string {
  return splitLongToH3Index(key % WORD, (Math.floor(key / WORD) | FIXED) >>> 0);
}

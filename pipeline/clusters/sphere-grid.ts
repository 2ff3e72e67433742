// A grid on the sphere for neighbour search at a link distance d. Rows are bands of equal latitude
// height; each row's columns are as wide in metres, at the row's edge nearest the equator, as the rows
// are high, so any two points in one cell are within d of each other (cell side d/√2) at any
// latitude, and the cells that can hold a point within d of a cell are found exactly.
import { EARTH_RADIUS_M, RAD } from './geo.ts';

/** Longitudes closer to the poles than this use its column width, so widths stay finite. */
const MAX_ABS_LAT = 89.9 * RAD;
// Keys pack (row, column) into one safe integer; offsets keep both non-negative for d >= 1 m.
const ROW_OFFSET = 2 ** 25;
const COL_SPAN = 2 ** 27;
const COL_OFFSET = 2 ** 26;
export const MIN_GRID_DISTANCE_M = 1;

export class SphereGrid {
  /** Row height and, at a row's equator-side edge, column width (radians of arc). */
  private readonly side: number;
  /** Rows on either side that can hold a point within d. */
  private readonly rowReach: number;
  /** sin(d / R): bounds the longitude a point within d can differ by. */
  private readonly sinReach: number;

  constructor(distanceM: number) {
    if (!(distanceM >= MIN_GRID_DISTANCE_M)) throw new RangeError(`distanceM must be >= ${MIN_GRID_DISTANCE_M}, got ${distanceM}`);
    const angle = distanceM / EARTH_RADIUS_M;
    // A hair below d/√2 so rounding never lets a cell's diagonal exceed d.
    this.side = (angle / Math.SQRT2) * (1 - 1e-6);
    this.rowReach = Math.ceil(angle / this.side);
    this.sinReach = Math.sin(angle);
  }

  row(latRad: number): number {
    return Math.floor(latRad / this.side);
  }

  /** Column width of a row in radians of longitude. */
  colWidth(row: number): number {
    const equatorSide = row >= 0 ? row * this.side : -(row + 1) * this.side;
    return this.side / Math.cos(Math.min(equatorSide, MAX_ABS_LAT));
  }

  col(row: number, lonRad: number): number {
    return Math.floor(lonRad / this.colWidth(row));
  }

  static key(row: number, col: number): number {
    return (row + ROW_OFFSET) * COL_SPAN + (col + COL_OFFSET);
  }

  /**
   * Calls `visit(r, firstCol, lastCol)` for each row r from `row` - reach to `row` + reach, in order: the
   * cells (r, firstCol..lastCol) are every cell of that row that may hold a point within d of a point in (row, col).
   */
  forNeighbourRows(row: number, col: number, visit: (r: number, firstCol: number, lastCol: number) => void): void {
    const poleSide = Math.min(row >= 0 ? (row + 1) * this.side : -row * this.side, MAX_ABS_LAT);
    const sinLon = this.sinReach / Math.cos(poleSide);
    // A point at latitude φ reaches at most asin(sin(d/R) / cos φ) in longitude; a little slack for rounding.
    const lonReach = sinLon >= 1 ? Math.PI : Math.asin(sinLon) * (1 + 1e-9);
    const width = this.colWidth(row);
    const west = col * width - lonReach;
    const east = (col + 1) * width + lonReach;
    for (let r = row - this.rowReach; r <= row + this.rowReach; r++) {
      const w = this.colWidth(r);
      visit(r, Math.floor(west / w), Math.floor(east / w));
    }
  }
}

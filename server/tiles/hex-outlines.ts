// The outlines of H3 cells in world coordinates (Web Mercator, 0..1), each computed once and kept: a walk
// over every tile of a pyramid (a pre-render) draws a res-9 cell at z12, z13 and z14, and in every tile it
// reaches into, and computing its outline (cellToBoundary) and projecting every vertex was most of a
// `hexes` tile's time. A ring from here is the one hexes.ts computes per tile, to the unit.
import { cellToBoundary } from 'h3-js';
import { EXTENT, lonToX, latToY, type TileCoord } from './geometry.ts';

export class HexOutlines {
  /** Where cell i's vertices start in `xy` (-1: not computed yet), and how many it has. */
  private readonly start: Int32Array;
  private readonly count: Uint8Array;
  /** x, y of every computed cell's vertices, in the order a tile's ring lists them (clockwise on screen). */
  private xy = new Float64Array(1 << 12);
  private used = 0;

  constructor(private readonly cells: readonly string[]) {
    this.start = new Int32Array(cells.length).fill(-1);
    this.count = new Uint8Array(cells.length);
  }

  /**
   * Cell i's closed ring in the tile's integer coordinates. h3-js lists a cell's vertices counter-clockwise
   * on the map; MVT wants exterior rings clockwise on screen (y down), so they are kept reversed.
   */
  ring(i: number, { z, x, y }: TileCoord): [number, number][] {
    if (this.start[i] < 0) this.compute(i);
    const n = 2 ** z;
    const xy = this.xy;
    const from = this.start[i];
    const ring = new Array<[number, number]>(this.count[i]);
    for (let v = 0; v < ring.length; v++) {
      const at = from + 2 * v;
      ring[v] = [Math.round((xy[at] * n - x) * EXTENT), Math.round((xy[at + 1] * n - y) * EXTENT)];
    }
    return ring;
  }

  private compute(i: number): void {
    const boundary = cellToBoundary(this.cells[i], true);
    if (this.used + 2 * boundary.length > this.xy.length) {
      const grown = new Float64Array(Math.max(2 * this.xy.length, this.used + 2 * boundary.length));
      grown.set(this.xy.subarray(0, this.used));
      this.xy = grown;
    }
    this.start[i] = this.used;
    this.count[i] = boundary.length;
    for (let v = boundary.length - 1; v >= 0; v--) {
      const [lon, lat] = boundary[v];
      this.xy[this.used++] = lonToX(lon);
      this.xy[this.used++] = latToY(lat);
    }
  }
}

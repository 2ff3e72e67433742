// H3 cells of one release and resolution indexed by their centres for tile queries (one index for
// every threshold), with their figures at a coverage definition (a few typed arrays per threshold).
import Flatbush from 'flatbush';
import { getHexagonEdgeLengthAvg, UNITS } from 'h3-js';
import type { Threshold } from '../../common/types.ts';
import type { Store } from '../store/index.ts';
import type { HexCellCounts, HexCellPositions, HexCells } from '../store/tile-sources.ts';
import { typedBytes, type IndexCache, type Sized } from './index-cache.ts';

export interface HexIndex extends HexCells {
  tree: Flatbush | null;
  /** Degrees to add around a query box so cells whose centre lies just outside still show. */
  margin: number;
}

/** Heap bytes of one H3 cell id string and its slot in the array (15 characters, measured). */
const CELL_ID_BYTES = 40;

interface HexPositions extends HexCellPositions {
  tree: Flatbush | null;
  margin: number;
}

function buildPositions(store: Store, release: number, res: number): Sized<HexPositions> {
  const cells = store.tileSources.hexCellPositions(release, res);
  let tree: Flatbush | null = null;
  if (cells.cells.length > 0) {
    tree = new Flatbush(cells.cells.length);
    for (let i = 0; i < cells.cells.length; i++) tree.add(cells.lon[i], cells.lat[i]);
    tree.finish();
  }
  // An edge in km over ~55 km per degree of longitude (up to ~65° latitude), twice for safety.
  const margin = (2 * getHexagonEdgeLengthAvg(res, UNITS.km)) / 55;
  const bytes = typedBytes(cells.lon, cells.lat, tree?.data) + CELL_ID_BYTES * cells.cells.length;
  return { value: { ...cells, tree, margin }, bytes };
}

/**
 * The H3 cells of one release and resolution with their figures at a threshold, uncovered counted
 * only for the given best technologies (null: all), from the shared index cache. The cells and their
 * tree are built once per release and resolution; a threshold adds only its counts.
 */
export function hexIndex(
  cache: IndexCache,
  store: Store,
  release: number,
  res: number,
  threshold: Threshold,
  technologies: readonly string[] | null = null,
): HexIndex {
  const positions = cache.get(`hexes/${release}/${res}`, () => buildPositions(store, release, res));
  const key = `hex-counts/${release}/${res}/${threshold.down}/${threshold.up}/${threshold.fixed_only}/${technologies?.join(',') ?? '*'}`;
  const counts = cache.get(key, (): Sized<HexCellCounts> => {
    const value = store.tileSources.hexCellCounts(release, res, positions, threshold, technologies);
    return { value, bytes: typedBytes(value.addresses, value.covered, value.uncovered) };
  });
  return { ...positions, ...counts };
}

/** Indices of the cells whose centre lies in the bbox grown by the margin. */
export function searchHexes(index: HexIndex, [w, s, e, n]: readonly number[]): number[] {
  const m = index.margin;
  return index.tree ? index.tree.search(w - m, s - m, e + m, n + m) : [];
}

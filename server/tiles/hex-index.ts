// H3 cells of one release, resolution and coverage definition, indexed by their centres for tile queries.
import Flatbush from 'flatbush';
import { getHexagonEdgeLengthAvg, UNITS } from 'h3-js';
import type { Threshold } from '../../common/types.ts';
import type { Store } from '../store/index.ts';
import type { HexCells } from '../store/tile-sources.ts';
import { typedBytes, type IndexCache, type Sized } from './index-cache.ts';

export interface HexIndex extends HexCells {
  tree: Flatbush | null;
  /** Degrees to add around a query box so cells whose centre lies just outside still show. */
  margin: number;
}

/** Heap bytes of one H3 cell id string and its slot in the array (15 characters, measured). */
const CELL_ID_BYTES = 40;

function build(store: Store, release: number, res: number, threshold: Threshold, technologies: readonly string[] | null): Sized<HexIndex> {
  const cells = store.tileSources.hexCells(release, res, threshold, technologies);
  let tree: Flatbush | null = null;
  if (cells.cells.length > 0) {
    tree = new Flatbush(cells.cells.length);
    for (let i = 0; i < cells.cells.length; i++) tree.add(cells.lon[i], cells.lat[i]);
    tree.finish();
  }
  // An edge in km over ~55 km per degree of longitude (up to ~65° latitude), twice for safety.
  const margin = (2 * getHexagonEdgeLengthAvg(res, UNITS.km)) / 55;
  const bytes =
    typedBytes(cells.lon, cells.lat, cells.addresses, cells.covered, cells.uncovered, tree?.data) + CELL_ID_BYTES * cells.cells.length;
  return { value: { ...cells, tree, margin }, bytes };
}

/**
 * The H3 cells of one release and resolution with their figures at a threshold, uncovered counted
 * only for the given best technologies (null: all), from the shared index cache.
 */
export function hexIndex(
  cache: IndexCache,
  store: Store,
  release: number,
  res: number,
  threshold: Threshold,
  technologies: readonly string[] | null = null,
): HexIndex {
  const key = `hexes/${release}/${res}/${threshold.down}/${threshold.up}/${threshold.fixed_only}/${technologies?.join(',') ?? '*'}`;
  return cache.get(key, () => build(store, release, res, threshold, technologies));
}

/** Indices of the cells whose centre lies in the bbox grown by the margin. */
export function searchHexes(index: HexIndex, [w, s, e, n]: readonly number[]): number[] {
  const m = index.margin;
  return index.tree ? index.tree.search(w - m, s - m, e + m, n + m) : [];
}

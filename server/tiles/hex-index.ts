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
  /** Km from a cell's centre within which all of it lies: a query box grows by this so cells whose centre is outside still show. */
  reachKm: number;
}

/** Heap bytes of one H3 cell id string and its slot in the array (15 characters, measured). */
const CELL_ID_BYTES = 40;

interface HexPositions extends HexCellPositions {
  tree: Flatbush | null;
  reachKm: number;
}

/**
 * Great-circle km from an H3 cell's centre to its farthest vertex, over its resolution's average edge:
 * at most 1.104 at every resolution in a sample of 40,000 random cells per resolution and the cells
 * around every pentagon (the oracle in test/server/hex-search.test.ts checks the search against it).
 */
const REACH_PER_EDGE = 1.25;
/** Km per degree of latitude (its least, at the equator) and of longitude at the equator. */
const KM_PER_DEG_LAT = 110.57;
const KM_PER_DEG_LON = 111.32;

/** Km within which every part of a cell of resolution `res` lies from its centre. */
export function cellReachKm(res: number): number {
  return REACH_PER_EDGE * getHexagonEdgeLengthAvg(res, UNITS.km);
}

function buildPositions(store: Store, release: number, res: number): Sized<HexPositions> {
  const cells = store.tileSources.hexCellPositions(release, res);
  let tree: Flatbush | null = null;
  if (cells.cells.length > 0) {
    tree = new Flatbush(cells.cells.length);
    for (let i = 0; i < cells.cells.length; i++) tree.add(cells.lon[i], cells.lat[i]);
    tree.finish();
  }
  const bytes = typedBytes(cells.lon, cells.lat, tree?.data) + CELL_ID_BYTES * cells.cells.length;
  return { value: { ...cells, tree, reachKm: cellReachKm(res) }, bytes };
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

/**
 * The bbox grown by `reachKm` on every side, in degrees: north and south by the km of a degree of
 * latitude, east and west by those of a degree of longitude at the grown box's latitude farthest from
 * the equator (the whole width near a pole).
 */
export function grownBbox([w, s, e, n]: readonly number[], reachKm: number): [number, number, number, number] {
  const dLat = reachKm / KM_PER_DEG_LAT;
  const farthest = Math.min(90, Math.max(Math.abs(s - dLat), Math.abs(n + dLat)));
  const cos = Math.cos((farthest * Math.PI) / 180);
  const dLon = cos > 1e-9 ? Math.min(360, reachKm / (KM_PER_DEG_LON * cos)) : 360;
  return [w - dLon, s - dLat, e + dLon, n + dLat];
}

/** Indices of the cells that may reach into the bbox: those whose centre lies in it grown by their reach. */
export function searchHexes(index: Pick<HexIndex, 'tree' | 'reachKm'>, bbox: readonly number[]): number[] {
  if (!index.tree) return [];
  const [w, s, e, n] = grownBbox(bbox, index.reachKm);
  return index.tree.search(w, s, e, n);
}

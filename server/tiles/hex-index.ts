// H3 cells of one release and resolution, indexed by their centres for tile queries.
import Flatbush from 'flatbush';
import { getHexagonEdgeLengthAvg, UNITS } from 'h3-js';
import { Lru } from '../lru.ts';
import type { Store } from '../store/index.ts';
import { CLASS_COUNT, type HexCells } from '../store/tile-sources.ts';

export interface HexIndex extends HexCells {
  tree: Flatbush | null;
  /** Degrees to add around a query box so cells whose centre lies just outside still show. */
  margin: number;
}

function createHexIndexes(store: Store, capacity: number) {
  const cache = new Lru<string, HexIndex>(capacity);

  function build(release: number, res: number): HexIndex {
    const cells = store.tileSources.hexCells(release, res);
    let tree: Flatbush | null = null;
    if (cells.cells.length > 0) {
      tree = new Flatbush(cells.cells.length);
      for (let i = 0; i < cells.cells.length; i++) tree.add(cells.lon[i], cells.lat[i]);
      tree.finish();
    }
    // An edge in km over ~55 km per degree of longitude (up to ~65° latitude), twice for safety.
    const margin = (2 * getHexagonEdgeLengthAvg(res, UNITS.km)) / 55;
    return { ...cells, tree, margin };
  }

  return {
    get(release: number, res: number): HexIndex {
      return cache.getOrSet(`${release}/${res}`, () => build(release, res));
    },
    /** Indices of the cells whose centre lies in the bbox grown by the margin. */
    search(index: HexIndex, [w, s, e, n]: readonly number[]): number[] {
      const m = index.margin;
      return index.tree ? index.tree.search(w - m, s - m, e + m, n + m) : [];
    },
    clear(): void {
      cache.clear();
    },
  };
}
export type HexIndexes = ReturnType<typeof createHexIndexes>;

const shared = new WeakMap<Store, HexIndexes>();

/** The one set of hex indexes of a store, shared by every layer drawn from hex_stats. */
export function hexIndexesOf(store: Store): HexIndexes {
  let indexes = shared.get(store);
  if (!indexes) shared.set(store, (indexes = createHexIndexes(store, 16)));
  return indexes;
}

/** Addresses of cell i, and those at or above download class dc. */
export function cellCounts(index: HexIndex, i: number, dc: number): { addresses: number; covered: number } {
  let addresses = 0;
  let covered = 0;
  for (let c = 0; c < CLASS_COUNT; c++) {
    const n = index.counts[i * CLASS_COUNT + c];
    addresses += n;
    if (c >= dc) covered += n;
  }
  return { addresses, covered };
}
